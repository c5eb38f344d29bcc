/**
 * Turning an input JSONL into the exact list of rollouts to run (`*_materialized_inputs.jsonl`):
 * agent defaults, parameter overrides, repeats, and the `(task, rollout)` indices that identify
 * every rollout for resume, profiling and training. Streams: memory holds a few typed-array
 * entries per distinct task (see task-index.ts), not the rows.
 */
import { hash } from 'node:crypto';
import { dataErrors } from '../errors.ts';
import { LineWriter, parseRow, type Row } from '../jsonl.ts';
import { pyDumps } from '../python-json.ts';
import { readFileLines } from './file-lines.ts';
import { RolloutCounters, TaskByDigest } from './task-index.ts';

export type NumRepeats = number | Record<string, number> | null | undefined;

export interface MaterializeOptions {
  inputJsonlFpath: string;
  /** Used for rows without an `agent_ref`; never overrides one. */
  agentName?: string;
  /** Only the first N rows (0 or null: all). */
  limit?: number | null;
  /** Repeats per row: a number, or per agent `{agent: n, _default: n}`. */
  numRepeats?: NumRepeats;
  /** Put the rollout index as `seed` into `responses_create_params.metadata.extra_body`. */
  numRepeatsAddSeed?: boolean;
  /** Shallow overrides of `responses_create_params` (whole top-level keys are replaced). */
  responsesCreateParams?: Record<string, unknown>;
}

export interface MaterializeSummary {
  rollouts: number;
  tasks: number;
  /** Rollouts per agent name, in order of first appearance. */
  perAgent: Map<string, number>;
}

/** Write the materialized rows to `target` (compact JSON, input order). */
export async function materializeInputs(opts: MaterializeOptions, target: string, warn: (line: string) => void): Promise<MaterializeSummary> {
  const file = opts.inputJsonlFpath;
  const overrides = opts.responsesCreateParams ?? {};
  const taskByText = new TaskByDigest();
  const nextRollout = new RolloutCounters();
  const perAgent = new Map<string, number>();
  const noAgentLines: number[] = [];
  const usedRepeatKeys = new Set<string>();
  let nextTask = 0;
  let rowsRead = 0;
  let rollouts = 0;

  const out = new LineWriter(target, 'w');
  try {
    for await (const { line, text } of readFileLines(file)) {
      if (opts.limit && rowsRead >= opts.limit) break;
      rowsRead++;
      const row = parseRow(file, line, text);
      const params = row.responses_create_params as Row | undefined;
      if (!params || typeof params !== 'object' || Array.isArray(params)) throw dataErrors.missingInput(file, line, 'the row has no `responses_create_params` object');
      if (params.input === undefined || params.input === null) throw dataErrors.missingInput(file, line, 'the row has no `responses_create_params.input`');

      // The parsed row is ours: it becomes the materialized row in place. (An object spread that
      // then gains a key gets a hidden class of its own in V8, ~170 bytes of old generation a row
      // that no collection during the run reclaims.)
      const materialized = row;
      if (materialized.agent_ref === undefined || materialized.agent_ref === null) {
        if (!opts.agentName) {
          noAgentLines.push(line);
          continue;
        }
        materialized.agent_ref = { name: opts.agentName };
      }
      const agent = String((materialized.agent_ref as Row).name);
      const mergedParams = merged(params, overrides);
      materialized.responses_create_params = mergedParams;

      let task: number;
      if (Number.isInteger(row._ng_task_index)) task = row._ng_task_index as number;
      else {
        // One-shot: a Hash object per row is a native wrapper that young collections keep, and promote.
        const digest = hash('sha1', text, 'buffer');
        task = taskByText.get(digest) ?? nextTask;
        taskByText.set(digest, task);
      }
      nextTask = Math.max(nextTask, task + 1);
      materialized._ng_task_index = task;

      const repeats = repeatsFor(opts.numRepeats, agent, usedRepeatKeys);
      for (let r = 0; r < repeats; r++) {
        // Each repeat is written as soon as it is made, so one object serves them all.
        const rollout = nextRollout.take(task);
        materialized._ng_rollout_index = rollout;
        if (opts.numRepeatsAddSeed) materialized.responses_create_params = withSeed(mergedParams, rollout);
        out.write(materialized);
        rollouts++;
        perAgent.set(agent, (perAgent.get(agent) ?? 0) + 1);
      }
    }
  } finally {
    out.close();
    taskByText.release();
    nextRollout.release();
  }
  if (noAgentLines.length > 0) throw dataErrors.noAgent(file, noAgentLines);
  if (opts.numRepeats && typeof opts.numRepeats === 'object') {
    for (const name of Object.keys(opts.numRepeats)) {
      if (name !== '_default' && !usedRepeatKeys.has(name)) warn(`Warning: +num_repeats names agent '${name}', which no row uses.`);
    }
  }
  return { rollouts, tasks: nextRollout.tasks, perAgent };
}

function repeatsFor(numRepeats: NumRepeats, agent: string, used: Set<string>): number {
  if (numRepeats === undefined || numRepeats === null) return 1;
  if (typeof numRepeats === 'number') return numRepeats;
  used.add(agent);
  const n = numRepeats[agent] ?? numRepeats._default;
  if (n === undefined) throw dataErrors.numRepeatsMissingAgent(agent);
  return n;
}

/** `{...a, ...b}` built key by key (see the note in materializeInputs); `__proto__` stays an own key, as with a spread. */
function merged(a: Row, b: Row): Row {
  const out: Row = {};
  for (const source of [a, b]) {
    for (const key of Object.keys(source)) {
      if (key === '__proto__') Object.defineProperty(out, key, { value: source[key], enumerable: true, writable: true, configurable: true });
      else out[key] = source[key];
    }
  }
  return out;
}

/** `metadata.extra_body` is a JSON string (vLLM-style extra sampling args); the seed goes inside it. */
function withSeed(params: Row, seed: number): Row {
  const metadata = merged((params.metadata as Row | null | undefined) ?? {}, {});
  const raw = metadata.extra_body;
  const extra = typeof raw === 'string' && raw.trim() !== '' ? (JSON.parse(raw) as Row) : {};
  extra.seed = seed;
  metadata.extra_body = pyDumps(extra);
  return merged(params, { metadata });
}

/** Check a `num_repeats` option value. */
export function checkNumRepeats(value: unknown): NumRepeats {
  if (value === undefined || value === null) return value;
  const ok = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;
  if (ok(value)) return value as number;
  if (typeof value === 'object' && !Array.isArray(value) && Object.values(value as object).every(ok)) return value as Record<string, number>;
  throw dataErrors.badOption('num_repeats', 'an integer >= 1 or a mapping {<agent>: n, _default: n}', value);
}
