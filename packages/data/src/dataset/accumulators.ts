/**
 * Streaming statistics for dataset metrics: numbers with Welford's running mean/variance (merged
 * with the parallel formula), strings as unique/total counts. Memory does not grow with the rows
 * except for the distinct strings a unique count needs.
 */
import { createHash } from 'node:crypto';
import { PyFloat, pyRound } from '../python-json.ts';

/** The reference's rounding: 2 decimals for |x| ≥ 1, else 3. */
export function roundMetric(x: number): number {
  return x >= 1 || x <= -1 ? pyRound(x, 2) : pyRound(x, 3);
}

export class NumericStats {
  total = 0;
  mean = 0;
  m2 = 0;
  min = Infinity;
  max = -Infinity;

  observe(x: number): void {
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    this.total++;
    const delta = x - this.mean;
    this.mean += delta / this.total;
    this.m2 += delta * (x - this.mean);
  }

  /** Chan et al.'s parallel combination, as the reference merges datasets of one type. */
  merge(other: NumericStats): void {
    if (other.total === 0) return;
    if (this.total === 0) {
      Object.assign(this, { total: other.total, mean: other.mean, m2: other.m2, min: other.min, max: other.max });
      return;
    }
    const n1 = this.total;
    const n2 = other.total;
    const n = n1 + n2;
    const delta = other.mean - this.mean;
    this.mean += delta * (n2 / n);
    this.m2 += other.m2 + delta * delta * ((n1 * n2) / n);
    this.total = n;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /** The `*_metrics.json` block; floats stay floats (`10.0`) as in the reference's files. */
  toJson(): Record<string, number | PyFloat> {
    const n = this.total;
    const f = (x: number) => new PyFloat(roundMetric(x));
    return {
      'Total # non-null values': n,
      Average: f(n > 0 ? this.mean : 0),
      Min: f(n > 0 ? this.min : 0),
      Max: f(n > 0 ? this.max : 0),
      'Standard deviation': f(n > 1 ? Math.sqrt(this.m2 / (n - 1)) : 0),
    };
  }
}

export class StringStats {
  private readonly counts = new Map<string, number>();
  total = 0;

  observe(s: string): void {
    // Long values are kept as a digest: the count needs identity, not the text.
    const key = s.length > 64 ? `h${createHash('sha1').update(s).digest('base64')}` : `s${s}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total++;
  }

  toJson(): { unique_count: number; total_count: number } {
    return { unique_count: this.counts.size, total_count: this.total };
  }
}
