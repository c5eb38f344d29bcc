/**
 * The check of freshly computed metrics against a committed `*_metrics.json`: every old key must
 * still be there, numbers may drift within a small tolerance, lists compare as multisets.
 */
import { PyFloat } from '../python-json.ts';

/** Numbers are close within 5e-3 when either is ≥ 1 in magnitude, else within 5e-4. */
export function numericClose(a: number, b: number): boolean {
  if (a === b) return true;
  const tol = Math.max(Math.abs(a), Math.abs(b)) >= 1 ? 5e-3 : 5e-4;
  return Math.abs(a - b) <= Math.max(tol, 1e-9);
}

/** Drop PyFloat wrappers so a freshly built metrics object compares like one read from disk. */
export function plainJson(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) return value.map(plainJson);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainJson(v)]));
  return value;
}

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number | boolean => typeof v === 'number' || typeof v === 'boolean';
const repr = (v: unknown) => (v === null ? 'None' : typeof v === 'boolean' ? (v ? 'True' : 'False') : typeof v === 'string' ? `'${v}'` : JSON.stringify(v));

/** Differences between the old (committed) and new metrics, in the reference's wording; empty when they agree. */
export function diffMetrics(previous: unknown, next: unknown): string[] {
  const diffs: string[] = [];
  diffValues(previous, plainJson(next), '', diffs);
  return diffs;
}

function diffValues(prev: unknown, next: unknown, path: string, diffs: string[]): void {
  if (isDict(prev) && isDict(next)) {
    for (const k of Object.keys(prev)) {
      const sub = path ? `${path}.${k}` : k;
      if (!Object.hasOwn(next, k)) diffs.push(`Missing key in new metrics: ${sub}`);
      else diffValues(prev[k], next[k], sub, diffs);
    }
    return;
  }
  if (Array.isArray(prev) && Array.isArray(next)) {
    if (prev.length !== next.length) {
      diffs.push(`List length differs at ${path}: ${prev.length} != ${next.length}`);
      return;
    }
    // Greedy matching of equal elements, order ignored (Python compares Counters or matches pairwise).
    const used = new Set<number>();
    prev.forEach((pv, i) => {
      const k = next.findIndex((nv, j) => !used.has(j) && countDiffs(pv, nv) === 0);
      if (k >= 0) used.add(k);
      else diffs.push(`No matching element for ${path}[${i}] in new metrics (unordered)`);
    });
    return;
  }
  if (isNumber(prev) && isNumber(next)) {
    if (!numericClose(Number(prev), Number(next))) diffs.push(`Numeric mismatch at ${path}: ${repr(prev)} != ${repr(next)}`);
    return;
  }
  if (JSON.stringify(prev) !== JSON.stringify(next)) diffs.push(`Value differs at ${path}: ${repr(prev)} != ${repr(next)}`);
}

function countDiffs(a: unknown, b: unknown): number {
  const d: string[] = [];
  diffValues(a, b, '', d);
  return d.length;
}
