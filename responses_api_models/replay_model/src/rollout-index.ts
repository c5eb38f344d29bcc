/**
 * Recorded rollouts, indexed by conversation prefix. A rollout's
 * `response.output` interleaves the model's turns with what came from
 * outside (tool outputs, environment messages); the model's turn k is the
 * k-th maximal run of model items (assistant messages, reasoning, function
 * calls). For every turn the index maps the hash of "row input + output up to
 * that turn" to the turn's items, so a request is answered by one Map lookup.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { conversationKey, itemType } from './canonical.ts';

type Obj = Record<string, any>;

export interface RecordedTurn {
  items: Obj[];
  /** The rollout's final status, kept on its last turn (e.g. an incomplete response). */
  status?: string;
  incompleteDetails?: Obj | null;
  source: string;
}

export interface IndexStats {
  files: string[];
  rollouts: number;
  turns: number;
  /** Rollout lines that were not JSON or had no responses_create_params/response. */
  skippedLines: number;
}

/** Items the model produced, as opposed to tool outputs and messages from the user or environment. */
export function isModelItem(item: Obj): boolean {
  const type = itemType(item);
  if (type === 'function_call_output') return false;
  if (type === 'message') return item.role === 'assistant';
  return true;
}

/** [start, end) of each model turn in a rollout's output. */
export function modelTurns(output: Obj[]): Array<[number, number]> {
  const turns: Array<[number, number]> = [];
  let start = -1;
  output.forEach((item, i) => {
    if (isModelItem(item)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      turns.push([start, i]);
      start = -1;
    }
  });
  if (start >= 0) turns.push([start, output.length]);
  return turns;
}

export class RolloutIndex {
  private readonly turns = new Map<string, RecordedTurn>();
  readonly stats: IndexStats = { files: [], rollouts: 0, turns: 0, skippedLines: 0 };

  get size(): number {
    return this.turns.size;
  }

  lookup(request: { input: string | Obj[]; instructions?: string | null; tools?: Obj[] | null }): RecordedTurn | undefined {
    return this.turns.get(conversationKey({ instructions: request.instructions, tools: request.tools, input: request.input }));
  }

  /** Add one rollout line; the first recording of a prefix wins, so replays are deterministic. */
  add(rollout: Obj, source: string): boolean {
    const params = rollout?.responses_create_params;
    const output = rollout?.response?.output;
    if (!params || (typeof params.input !== 'string' && !Array.isArray(params.input)) || !Array.isArray(output)) return false;
    const rowInput: Obj[] = typeof params.input === 'string' ? [{ type: 'message', role: 'user', content: params.input }] : params.input;
    const turns = modelTurns(output);
    turns.forEach(([start, end], k) => {
      const key = conversationKey({ instructions: params.instructions, tools: params.tools, input: [...rowInput, ...output.slice(0, start)] });
      if (this.turns.has(key)) return;
      const last = k === turns.length - 1;
      this.turns.set(key, {
        items: output.slice(start, end),
        status: last ? rollout.response.status : undefined,
        incompleteDetails: last ? rollout.response.incomplete_details : undefined,
        source,
      });
    });
    this.stats.rollouts++;
    this.stats.turns += turns.length;
    return true;
  }

  addJsonl(path: string, text: string, label = path): void {
    this.stats.files.push(label);
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        this.stats.skippedLines++;
        return;
      }
      if (!this.add(parsed as Obj, `${label}:${i + 1}`)) this.stats.skippedLines++;
    });
  }
}

/** The default recordings: every `example_rollouts.jsonl` of the repo's resources servers and agents. */
export function discoverRolloutFiles(repoRoot: string): string[] {
  const found: string[] = [];
  for (const kind of ['resources_servers', 'responses_api_agents']) {
    const dir = join(repoRoot, kind);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const file = join(dir, name, 'data', 'example_rollouts.jsonl');
      if (existsSync(file)) found.push(file);
    }
  }
  return found;
}

export function buildIndex(files: string[], repoRoot: string): RolloutIndex {
  const index = new RolloutIndex();
  for (const file of files) index.addJsonl(file, readFileSync(file, 'utf8'), relative(repoRoot, file));
  return index;
}
