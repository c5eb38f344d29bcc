/**
 * Counters and the `n / total (xx.xx%)` rendering used by every pivot report.
 */

export class Counter<K extends string | number = string> {
  readonly counts = new Map<K, number>();
  add(key: K, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }
  get(key: K): number {
    return this.counts.get(key) ?? 0;
  }
  total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
  /** Entries by count descending, then by key. */
  sorted(): Array<[K, number]> {
    return [...this.counts.entries()].sort((a, b) => b[1] - a[1] || compareKeys(a[0], b[0]));
  }
  /** Entries by key (numbers numerically), for histograms. */
  byKey(): Array<[K, number]> {
    return [...this.counts.entries()].sort((a, b) => compareKeys(a[0], b[0]));
  }
}

function compareKeys(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function percent(n: number, total: number): string {
  return `${(total === 0 ? 0 : (n / total) * 100).toFixed(2)}%`;
}

/** `3 / 5 (60.00%)`. */
export function share(n: number, total: number): string {
  return `${n} / ${total} (${percent(n, total)})`;
}

/** A counter rendered as `{key: "n / total (xx.xx%)"}`, in the counter's sorted order. */
export function shares<K extends string | number>(counter: Counter<K>, total: number, order: 'count' | 'key' = 'count'): Record<string, string> {
  const entries = order === 'count' ? counter.sorted() : counter.byKey();
  return Object.fromEntries(entries.map(([k, n]) => [String(k), share(n, total)]));
}
