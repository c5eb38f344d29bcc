/**
 * Per-dataset metrics as the reference's `*_metrics.json` has them: example count, tools, turns,
 * temperature, the json-dumped word count (a token-count proxy), optional real token counts, and
 * statistics of every other top-level row field.
 */
import { Value } from '@sinclair/typebox/value';
import { ResponsesCreateParams } from '@gym/schemas';
import { dataErrors } from '../errors.ts';
import type { Row } from '../jsonl.ts';
import { pyDumps } from '../python-json.ts';
import { NumericStats, StringStats } from './accumulators.ts';

export const WORDS_KEY = 'Json-dumped number of words (proxy for token count)';
/** Only written with `+count_tokens=true`: the reference has no such key. */
export const TOKENS_KEY = 'Json-dumped number of tokens (o200k_base)';

/** Fields that are not summarised as "other" fields. */
const SKIPPED_FIELDS = new Set(['responses_create_params', 'response']);

export type TokenCounter = (text: string) => number;

export class DatasetMetrics {
  examples = 0;
  readonly tools = new NumericStats();
  readonly words = new NumericStats();
  readonly turns = new NumericStats();
  readonly temperature = new NumericStats();
  readonly tokens: NumericStats | undefined;
  readonly other = new Map<string, NumericStats | StringStats>();

  constructor(private readonly countTokens?: TokenCounter) {
    if (countTokens) this.tokens = new NumericStats();
  }

  /**
   * Observe one dataset line `times` times (its `num_repeats`). A row without a prompt is an
   * error; a row whose params break the Responses schema is left out of the metrics, as the
   * reference does, and the reason is returned so the caller can warn about it.
   */
  observe(row: Row, where: { file: string; line: number }, times: number): string | undefined {
    const params = row.responses_create_params;
    if (params === undefined || params === null) throw dataErrors.missingInput(where.file, where.line, 'the row has no `responses_create_params`');
    if (typeof params !== 'object' || Array.isArray(params)) throw dataErrors.missingInput(where.file, where.line, '`responses_create_params` is not an object');
    const p = params as Row;
    if (p.input === undefined || p.input === null) throw dataErrors.missingInput(where.file, where.line, 'the row has no `responses_create_params.input`');
    if (!Value.Check(ResponsesCreateParams, p)) {
      const first = Value.Errors(ResponsesCreateParams, p).First();
      const at = first?.path ? `responses_create_params${first.path.replace(/\//g, '.')}` : 'responses_create_params';
      return `${at}: ${first?.message ?? 'does not match the Responses API schema'}`;
    }

    const dumped = pyDumps(p);
    const wordCount = dumped.split(' ').filter((w) => w !== '').length;
    const tokenCount = this.countTokens?.(dumped);
    const userTurns = typeof p.input === 'string' ? 1 : (p.input as unknown[]).filter((i) => (i as Row | null)?.role === 'user').length;
    for (let r = 0; r < times; r++) {
      this.examples++;
      if (p.tools !== undefined && p.tools !== null) this.tools.observe((p.tools as unknown[]).length);
      if (userTurns > 0) this.turns.observe(userTurns);
      if (typeof p.temperature === 'number') this.temperature.observe(p.temperature);
      this.words.observe(wordCount);
      if (tokenCount !== undefined) this.tokens!.observe(tokenCount);
      this.observeOtherFields(row, where);
    }
    return undefined;
  }

  private observeOtherFields(row: Row, where: { file: string; line: number }): void {
    for (const [key, value] of Object.entries(row)) {
      if (SKIPPED_FIELDS.has(key)) continue;
      for (let item of Array.isArray(value) ? value : [value]) {
        if (typeof item === 'boolean') item = item ? 1 : 0;
        if (typeof item !== 'number' && typeof item !== 'string') continue;
        let stats = this.other.get(key);
        if (!stats) this.other.set(key, (stats = typeof item === 'number' ? new NumericStats() : new StringStats()));
        if (typeof item === 'number' && stats instanceof NumericStats) stats.observe(item);
        else if (typeof item === 'string' && stats instanceof StringStats) stats.observe(item);
        else throw dataErrors.mixedFieldTypes(where.file, where.line, key);
      }
    }
  }

  /**
   * Fold another dataset of the same type in: the standard statistics merge; other fields are
   * replaced by the later dataset's (the reference does not merge them).
   */
  merge(other: DatasetMetrics): void {
    this.examples += other.examples;
    this.tools.merge(other.tools);
    this.words.merge(other.words);
    this.turns.merge(other.turns);
    this.temperature.merge(other.temperature);
    if (this.tokens && other.tokens) this.tokens.merge(other.tokens);
    for (const [k, v] of other.other) this.other.set(k, v);
  }

  /** The metrics file body: the dataset config fields, then the statistics, in the reference's order. */
  toJson(header: Record<string, unknown>): Record<string, unknown> {
    const stats: Record<string, unknown> = {
      'Number of examples': this.examples,
      'Number of tools': this.tools.toJson(),
      [WORDS_KEY]: this.words.toJson(),
      'Number of turns': this.turns.toJson(),
      Temperature: this.temperature.toJson(),
    };
    if (this.tokens) stats[TOKENS_KEY] = this.tokens.toJson();
    for (const [k, v] of this.other) if (!(k in stats)) stats[k] = v.toJson();
    // As Python's `config | metrics`: a row field named like a config field keeps its place, takes the metric.
    return { ...header, ...stats };
  }
}
