/**
 * The rollouts of a collection grouped per agent without holding them: one pass over the file
 * keeps, per row, its byte offset and length and its (task, rollout) indices in typed arrays
 * (28 bytes a row). The `/aggregate_metrics` body is then streamed in (task, rollout) order by
 * reading each row back from disk.
 */
import { existsSync } from 'node:fs';
import type { BodySource } from '@gym/client';
import { dataErrors } from '../errors.ts';
import type { Row } from '../jsonl.ts';
import { LineAtReader, readFileLines } from './file-lines.ts';
import { releaseNow } from './release-memory.ts';

/** Where one agent's rollouts are in the rollouts file, in file order. */
export class AgentRollouts {
  count = 0;
  offsets = new Float64Array(1024);
  lengths = new Uint32Array(1024);
  tasks = new Float64Array(1024);
  rollouts = new Float64Array(1024);

  add(offset: number, length: number, task: number, rollout: number): void {
    if (this.count === this.offsets.length) this.grow();
    this.offsets[this.count] = offset;
    this.lengths[this.count] = length;
    this.tasks[this.count] = task;
    this.rollouts[this.count] = rollout;
    this.count++;
  }

  /** Row numbers sorted by (task, rollout); ties keep file order, as a stable sort of the rows did. */
  sortedOrder(): Uint32Array {
    const order = new Uint32Array(this.count);
    for (let i = 0; i < this.count; i++) order[i] = i;
    const { tasks, rollouts } = this;
    return order.sort((a, b) => tasks[a] - tasks[b] || rollouts[a] - rollouts[b] || a - b);
  }

  /** Done with the index: its memory goes back now (see release-memory.ts). */
  release(): void {
    releaseNow(this.offsets, this.lengths, this.tasks, this.rollouts);
    this.count = 0;
  }

  private grow(): void {
    const size = this.offsets.length * 2;
    const widen = <T extends Float64Array | Uint32Array>(from: T, to: T): T => {
      to.set(from);
      releaseNow(from);
      return to;
    };
    this.offsets = widen(this.offsets, new Float64Array(size));
    this.lengths = widen(this.lengths, new Uint32Array(size));
    this.tasks = widen(this.tasks, new Float64Array(size));
    this.rollouts = widen(this.rollouts, new Float64Array(size));
  }
}

/** Every rollout of the file per agent name, agents in order of first appearance (none if there is no file). */
export async function indexRollouts(file: string): Promise<Map<string, AgentRollouts>> {
  const byAgent = new Map<string, AgentRollouts>();
  if (!existsSync(file)) return byAgent;
  for await (const { line, offset, length, text } of readFileLines(file)) {
    const row = parseRollout(file, line, text);
    const name = String((row.agent_ref as Row | undefined)?.name ?? '');
    let rollouts = byAgent.get(name);
    if (!rollouts) byAgent.set(name, (rollouts = new AgentRollouts()));
    rollouts.add(offset, length, Number(row._ng_task_index), Number(row._ng_rollout_index));
  }
  return byAgent;
}

/** Bytes of JSON sent per chunk of the body. */
const BODY_CHUNK_CHARS = 64 * 1024;

/**
 * `{"verify_responses":[…]}` with each row stripped by `strip`, in (task, rollout) order, made
 * afresh each time it is called (a retried request sends it again).
 */
export function aggregationBody(file: string, rollouts: AgentRollouts, strip: (row: Row) => Row): BodySource {
  return async function* () {
    const order = rollouts.sortedOrder();
    const reader = new LineAtReader(file);
    try {
      let chunk = '{"verify_responses":[';
      for (let k = 0; k < order.length; k++) {
        const i = order[k];
        const text = reader.read(rollouts.offsets[i], rollouts.lengths[i]);
        chunk += `${k ? ',' : ''}${JSON.stringify(strip(JSON.parse(text) as Row))}`;
        if (chunk.length >= BODY_CHUNK_CHARS) {
          yield Buffer.from(chunk);
          chunk = '';
        }
      }
      yield Buffer.from(`${chunk}]}`);
    } finally {
      reader.close();
    }
  };
}

function parseRollout(file: string, line: number, text: string): Row {
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch (err) {
    throw dataErrors.corruptLine(file, line, (err as Error).message);
  }
  if (!row || typeof row !== 'object' || Array.isArray(row)) throw dataErrors.corruptLine(file, line, 'not a JSON object');
  return row as Row;
}
