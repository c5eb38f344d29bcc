/**
 * The word-count similarity the verifier computes on string arguments. Words
 * come from Python's `str.split()`, whose whitespace set differs from
 * JavaScript's `\s` (it includes U+001C–U+001F and U+0085, and excludes U+FEFF).
 */
import { pyLower, pySplit } from '@gym/pysemantics';

/** Count lower-cased words into a multiset (Python's `Counter(s.strip().lower().split())`). */
export function wordCounts(s: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of pySplit(pyLower(s))) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

function total(counts: Map<string, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
}

/** |E ∩ A| / (|E| + |A|) over word multisets, ∩ taking the per-word minimum; identical strings give 0.5. */
export function wordCountSimilarity(expected: string, actual: string): { similarity: number; expectedWords: number; actualWords: number } {
  const e = wordCounts(expected);
  const a = wordCounts(actual);
  const expectedWords = total(e);
  const actualWords = total(a);
  let shared = 0;
  for (const [word, n] of e) shared += Math.min(n, a.get(word) ?? 0);
  const denominator = expectedWords + actualWords;
  return { similarity: denominator === 0 ? 0 : shared / denominator, expectedWords, actualWords };
}

/**
 * The string rule of the verifier: when either side has fewer than two words
 * the raw strings must be equal exactly (no lower-casing, no trimming);
 * otherwise the similarity must reach the threshold (equality passes).
 */
export function stringsMatch(expected: string, actual: string, threshold: number): boolean {
  const { similarity, expectedWords, actualWords } = wordCountSimilarity(expected, actual);
  if (expectedWords < 2 || actualWords < 2) return expected === actual;
  return !(similarity < threshold);
}
