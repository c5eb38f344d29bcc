/**
 * `selectPivots` (PivotRL selection): from rollouts collected on candidate
 * pivots, keep the pivots whose local rewards are mixed. All-1 groups are too
 * easy, all-0 groups too hard or mislabelled, and groups with fewer than
 * `minRollouts` rollouts are not judged. With a target count, the easiest
 * kept pivots go first — after those whose source task did not have mixed
 * source rewards, when rows carry that information.
 *
 * Rollouts are joined to rows by content (the prefix and the expected action),
 * hashed, so memory holds a few numbers per pivot, not the rows.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseExpectedAction } from '../actions.ts';
import { Counter, share, shares } from '../dataset/counts.ts';
import { PivotErrors } from '../dataset/errors.ts';
import { JsonlWriter, readLines } from '../dataset/jsonl.ts';
import { outputStem } from '../convert/convert.ts';

export interface SelectOptions {
  /** Candidate pivot rows (the file the rollouts were collected on). */
  pivots: string;
  /** Rollout files collected on the candidates (e.g. `ng collect-rollouts` output). */
  rollouts: string[];
  /** Output stem: writes `<out>.jsonl` (kept rows) and `<out>_report.json`. */
  out: string;
  /** Minimum rollouts per pivot to judge it (default 8). */
  minRollouts?: number;
  /** Keep at most this many, dropping the easiest first. */
  targetCount?: number;
}

export type PivotOutcome = 'mixed' | 'all_success' | 'all_failure' | 'insufficient_rollouts' | 'unprofiled';

interface Stats {
  n: number;
  sum: number;
  min: number;
  max: number;
}

export interface SelectResult {
  rowsPath: string;
  reportPath: string;
  kept: number;
  report: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The identity of a pivot: its prefix and its (normalised) expected action. */
export function pivotKey(row: unknown): string | undefined {
  if (!isObject(row) || !isObject(row.responses_create_params)) return undefined;
  const parsed = parseExpectedAction(row.expected_action, 'expected_action', { checkArgumentsJson: false });
  const action = parsed.ok ? parsed.value : row.expected_action;
  return createHash('sha256').update(JSON.stringify([row.responses_create_params.input, action])).digest('hex');
}

function parseRow(path: string, line: number, text: string): Record<string, unknown> {
  try {
    const row = JSON.parse(text) as unknown;
    if (isObject(row)) return row;
  } catch {
    /* reported below */
  }
  throw PivotErrors.badRow(path, line, 'not a JSON object; run `ng pivot validate` on the candidates first');
}

/** Whether the row's source task had mixed source rewards; undefined when the rows do not say (or one trajectory cannot say). */
function sourceMixedOf(group: unknown): boolean | undefined {
  if (group === 'mixed') return true;
  return group === 'all_success' || group === 'all_failure' || group === 'uniform' ? false : undefined;
}

export function outcomeOf(stats: Stats | undefined, minRollouts: number): PivotOutcome {
  if (!stats || stats.n === 0) return 'unprofiled';
  if (stats.n < minRollouts) return 'insufficient_rollouts';
  if (stats.min >= 1) return 'all_success';
  if (stats.max <= 0) return 'all_failure';
  return 'mixed';
}

export async function selectPivots(opts: SelectOptions): Promise<SelectResult> {
  const minRollouts = opts.minRollouts ?? 8;
  if (!Number.isInteger(minRollouts) || minRollouts < 1) throw PivotErrors.badOption('--min-rollouts must be a positive integer');
  if (opts.rollouts.length === 0) throw PivotErrors.badOption('Pass at least one rollouts file (--rollouts).');

  // Pass 1: the candidates' keys and source groups.
  const candidates: Array<{ key: string | undefined; sourceMixed: boolean | undefined }> = [];
  const wanted = new Map<string, Stats>();
  for await (const { line, text } of readLines(opts.pivots, 'pivot file')) {
    const row = parseRow(opts.pivots, line, text);
    const key = pivotKey(row);
    const group = isObject(row.provenance) ? row.provenance.source_group : undefined;
    candidates.push({ key, sourceMixed: sourceMixedOf(group) });
    if (key) wanted.set(key, { n: 0, sum: 0, min: Infinity, max: -Infinity });
  }

  // Pass 2: rewards per pivot.
  let rolloutLines = 0;
  let unmatched = 0;
  for (const file of opts.rollouts) {
    for await (const { line, text } of readLines(file, 'rollouts file')) {
      rolloutLines++;
      let rollout: Record<string, unknown>;
      try {
        rollout = JSON.parse(text) as Record<string, unknown>;
      } catch (err) {
        throw PivotErrors.badRow(file, line, `invalid JSON (${(err as Error).message})`);
      }
      if (typeof rollout.reward !== 'number') throw PivotErrors.badRow(file, line, 'no numeric reward: is this a rollouts file?');
      const key = pivotKey(rollout);
      const stats = key ? wanted.get(key) : undefined;
      if (!stats) {
        unmatched++;
        continue;
      }
      stats.n++;
      stats.sum += rollout.reward;
      stats.min = Math.min(stats.min, rollout.reward);
      stats.max = Math.max(stats.max, rollout.reward);
    }
  }

  const outcomes = new Counter<PivotOutcome>();
  const keep = candidates.map((c) => {
    const outcome = outcomeOf(c.key ? wanted.get(c.key) : undefined, minRollouts);
    outcomes.add(outcome);
    return outcome === 'mixed';
  });
  const mixedCount = keep.filter(Boolean).length;
  const dropped = trimToTarget(candidates, keep, wanted, opts.targetCount);

  // Pass 3: write the kept rows, stamped with their local profile.
  const stem = outputStem(opts.out);
  const rowsPath = `${stem}.jsonl`;
  const writer = new JsonlWriter(rowsPath);
  const passRates = new Counter();
  const keptSourceGroups = new Counter();
  let index = 0;
  try {
    for await (const { text } of readLines(opts.pivots, 'pivot file')) {
      const i = index++;
      if (!keep[i]) continue;
      const row = JSON.parse(text) as Record<string, unknown>;
      const stats = wanted.get(candidates[i].key as string) as Stats;
      const passRate = stats.sum / stats.n;
      const bucket = Math.min(Math.floor(passRate * 10), 9);
      passRates.add(`${(bucket / 10).toFixed(1)}-${((bucket + 1) / 10).toFixed(1)}`);
      keptSourceGroups.add(candidates[i].sourceMixed === undefined ? 'unknown' : candidates[i].sourceMixed ? 'mixed' : 'not_mixed');
      const provenance = isObject(row.provenance) ? row.provenance : {};
      await writer.write({ ...row, provenance: { ...provenance, selection: { rollouts: stats.n, pass_rate: passRate } } });
    }
  } finally {
    await writer.close();
  }

  const total = candidates.length;
  const kept = writer.count;
  const report = {
    counts: {
      candidates: total,
      kept,
      mixed: mixedCount,
      all_success: outcomes.get('all_success'),
      all_failure: outcomes.get('all_failure'),
      insufficient_rollouts: outcomes.get('insufficient_rollouts'),
      unprofiled: outcomes.get('unprofiled'),
      dropped_easiest: dropped,
      rollout_lines: rolloutLines,
      unmatched_rollouts: unmatched,
    },
    selection: {
      kept: share(kept, total),
      mixed: share(mixedCount, total),
      all_success: share(outcomes.get('all_success'), total),
      all_failure: share(outcomes.get('all_failure'), total),
      insufficient_rollouts: share(outcomes.get('insufficient_rollouts'), total),
      unprofiled: share(outcomes.get('unprofiled'), total),
    },
    min_rollouts: minRollouts,
    target_count: opts.targetCount ?? null,
    kept_pass_rate: shares(passRates, kept, 'key'),
    kept_source_group: shares(keptSourceGroups, kept),
  };
  const reportPath = `${stem}_report.json`;
  writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  return { rowsPath, reportPath, kept, report };
}

/** Drop kept pivots down to `target`: first those from tasks without mixed source rewards, then the highest pass rates. */
function trimToTarget(candidates: Array<{ key: string | undefined; sourceMixed: boolean | undefined }>, keep: boolean[], stats: Map<string, Stats>, target: number | undefined): number {
  if (target === undefined) return 0;
  if (!Number.isInteger(target) || target < 0) throw PivotErrors.badOption('--target-count must be a non-negative integer');
  const kept = keep.map((k, i) => (k ? i : -1)).filter((i) => i >= 0);
  const excess = kept.length - target;
  if (excess <= 0) return 0;
  const passRate = (i: number) => {
    const s = stats.get(candidates[i].key as string) as Stats;
    return s.sum / s.n;
  };
  const sourcePenalty = (i: number) => (candidates[i].sourceMixed === false ? 1 : 0);
  const order = [...kept].sort((a, b) => sourcePenalty(b) - sourcePenalty(a) || passRate(b) - passRate(a) || a - b);
  for (const i of order.slice(0, excess)) keep[i] = false;
  return excess;
}
