/** Column statistics with pandas semantics: nulls skipped, sample std (n−1), a single value has std 0. */

export const STAT_NAMES = ['mean', 'max', 'min', 'median', 'std'] as const;
export type StatName = (typeof STAT_NAMES)[number];

export function columnStats(values: Array<number | null | undefined>): Record<StatName, number | null> {
  const xs = values.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
  if (xs.length === 0) return { mean: null, max: null, min: null, median: null, std: null };
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(n / 2);
  const median = n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const std = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, max: sorted[n - 1], min: sorted[0], median, std };
}

/**
 * Stat-major keys (`mean/a, mean/b, …, std/b`), dropping columns whose stat is null. Std follows
 * pandas: a column with fewer than two values has none, except that when no column of the group
 * has one (a single-row group), the columns with a value in every row get 0.
 */
export function statMajor(columns: string[], rows: Array<Record<string, number | null | undefined>>): Record<string, number> {
  const isValue = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);
  const perColumn = columns.map((c) => {
    const values = rows.map((r) => r[c]);
    const s = columnStats(values);
    const count = values.filter(isValue).length;
    const stats: Record<StatName, number | null> = { ...s, std: count > 1 ? s.std : null };
    return [c, stats, count === rows.length] as const;
  });
  if (perColumn.every(([, s]) => s.std === null)) {
    for (const [, s, complete] of perColumn) if (complete) s.std = 0;
  }
  const out: Record<string, number> = {};
  for (const stat of STAT_NAMES) {
    for (const [c, s] of perColumn) {
      const v = s[stat];
      if (v !== null && !c.startsWith('histogram/')) out[`${stat}/${c}`] = v;
    }
  }
  return out;
}
