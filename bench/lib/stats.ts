/**
 * Statistics of the benchmark: percentiles of latency samples and the
 * median-and-spread summary of repeated measurements. Every figure the bench
 * reports goes through here, so it is unit-tested (bench/tests).
 */

/** Median and spread of repeated measurements of one figure. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

/**
 * The p-th percentile (0..100) of `values`, by linear interpolation between
 * closest ranks (numpy's default), so p50 of [1, 2, 3, 4] is 2.5.
 * `values` need not be sorted; NaN for an empty input.
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${p}`);
  const sorted = Float64Array.from(values).sort();
  return percentileOfSorted(sorted, p);
}

/** Same as `percentile` for an already sorted array (no copy): use it for several percentiles of one sample. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = (p / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export function median(values: ArrayLike<number>): number {
  return percentile(values, 50);
}

/** Median and range of repeated measurements; NaN values (a failed repetition) are left out. */
export function summarize(values: readonly number[]): Summary {
  const kept = values.filter((v) => !Number.isNaN(v));
  if (kept.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  return { median: median(kept), min: Math.min(...kept), max: Math.max(...kept), n: kept.length };
}

/** a / b, or NaN when b is 0 or either side is missing: a ratio is never silently infinite. */
export function ratio(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return Number.NaN;
  return a / b;
}

/**
 * Paired ratios of two figures measured side by side in the same repetitions
 * (ours[i] against theirs[i]), summarised. Pairing cancels the machine's drift
 * between repetitions, which comparing two medians would not.
 */
export function pairedRatio(ours: readonly number[], theirs: readonly number[]): Summary {
  if (ours.length !== theirs.length) throw new RangeError(`paired ratio needs as many measurements on both sides (${ours.length} vs ${theirs.length})`);
  return summarize(ours.map((v, i) => ratio(v, theirs[i])));
}

/** Latency percentiles (ms) of one load run. */
export interface LatencyStats {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function latencyStats(samplesMs: ArrayLike<number>): LatencyStats {
  const sorted = Float64Array.from(samplesMs).sort();
  return {
    p50: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
    p99: percentileOfSorted(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
  };
}

/**
 * Growth of a resident-set series after warm-up: the last quarter's median
 * against the median of the quarter after the warm-up share. A leak shows as
 * a steady positive growth; noise as a few percent either way.
 */
export function steadyGrowth(series: readonly number[], warmupShare = 0.25): { afterWarmup: number; end: number; growth: number } {
  if (series.length < 4) return { afterWarmup: Number.NaN, end: Number.NaN, growth: Number.NaN };
  const start = Math.floor(series.length * warmupShare);
  const quarter = Math.max(1, Math.floor(series.length / 4));
  const afterWarmup = median(series.slice(start, start + quarter));
  const end = median(series.slice(series.length - quarter));
  return { afterWarmup, end, growth: ratio(end - afterWarmup, afterWarmup) };
}
