/**
 * The in-memory index of a rollouts JSONL: one small summary per readable
 * line, the lines that could not be read (with why), and per-agent metric
 * columns for the aggregate metrics. Full rollouts stay on disk and are read
 * back by byte offset when opened.
 */
import { stat } from 'node:fs/promises';
import { readLineAt, readLinesWithOffsets } from './lines.ts';
import { metricValues, rolloutProblem, summarizeRollout, type RolloutSummary } from './summary.ts';
import { viewerErrors } from './errors.ts';

type Row = Record<string, unknown>;

export interface BadLine {
  line: number;
  error: string;
}

/** Numeric columns of one agent's rollouts, in order of first appearance (missing values are skipped, as pandas does). */
export interface AgentColumns {
  count: number;
  columns: Map<string, number[]>;
}

/** Bad lines past this many are counted but not listed, so a file of garbage cannot exhaust memory. */
export const MAX_LISTED_BAD_LINES = 1000;

export class RolloutIndex {
  readonly entries: RolloutSummary[] = [];
  readonly badLines: BadLine[] = [];
  badLineCount = 0;
  blankLines = 0;
  bytes = 0;
  /** Keyed by agent name; rollouts without `agent_ref.name` are under the empty string. */
  readonly metrics = new Map<string, AgentColumns>();
  private readonly agentNames = new Map<string, string>();

  private constructor(readonly path: string) {}

  /** Read the whole file once, streaming, and keep only the index. */
  static async build(path: string): Promise<RolloutIndex> {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw viewerErrors.fileNotFound(path);
    if (!info.isFile()) throw viewerErrors.notAFile(path);
    const index = new RolloutIndex(path);
    for await (const raw of readLinesWithOffsets(path)) {
      index.bytes = raw.offset + raw.length;
      if (!raw.text.trim()) {
        index.blankLines += 1;
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(raw.text);
      } catch (err) {
        index.addBadLine(raw.number, (err as Error).message);
        continue;
      }
      const problem = rolloutProblem(value);
      if (problem) {
        index.addBadLine(raw.number, problem);
        continue;
      }
      const row = value as Row;
      const summary = summarizeRollout(row, { i: index.entries.length, line: raw.number, offset: raw.offset, length: raw.length });
      summary.agent = index.intern(summary.agent);
      index.entries.push(summary);
      index.addMetrics(summary.agent ?? '', metricValues(row));
    }
    return index;
  }

  /** Agent names in order of first appearance (null when some rollouts have none). */
  agents(): Array<string | null> {
    return [...this.metrics.keys()].map((k) => (k === '' ? null : k));
  }

  entry(i: number): RolloutSummary {
    const entry = Number.isInteger(i) ? this.entries[i] : undefined;
    if (!entry) throw viewerErrors.rolloutNotFound(i, this.entries.length);
    return entry;
  }

  /** The raw text of rollout `i`, read from disk. */
  async readRaw(i: number): Promise<string> {
    const entry = this.entry(i);
    try {
      return await readLineAt(this.path, entry.offset, entry.length);
    } catch (err) {
      throw viewerErrors.lineChanged(entry.line, (err as Error).message);
    }
  }

  /** Rollout `i`, parsed. */
  async read(i: number): Promise<Row> {
    const text = await this.readRaw(i);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw viewerErrors.lineChanged(this.entry(i).line, (err as Error).message);
    }
    if (rolloutProblem(value)) throw viewerErrors.lineChanged(this.entry(i).line, 'not a JSON object');
    return value as Row;
  }

  /** One string per agent name, not one per line. */
  private intern(agent: string | null): string | null {
    if (agent === null) return null;
    const known = this.agentNames.get(agent);
    if (known !== undefined) return known;
    this.agentNames.set(agent, agent);
    return agent;
  }

  private addBadLine(line: number, error: string): void {
    this.badLineCount += 1;
    if (this.badLines.length < MAX_LISTED_BAD_LINES) this.badLines.push({ line, error });
  }

  private addMetrics(agent: string, values: Record<string, number>): void {
    let columns = this.metrics.get(agent);
    if (!columns) this.metrics.set(agent, (columns = { count: 0, columns: new Map() }));
    columns.count += 1;
    for (const [name, value] of Object.entries(values)) {
      let list = columns.columns.get(name);
      if (!list) columns.columns.set(name, (list = []));
      list.push(value);
    }
  }
}
