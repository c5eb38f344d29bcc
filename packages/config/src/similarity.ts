/**
 * "Did you mean" suggestions computed like Python's difflib.get_close_matches (ratio 2*M/T over
 * the matching blocks of a SequenceMatcher), so suggestions match the reference's for the same
 * typo. Names are short, so difflib's junk heuristics (only active past 200 chars) are left out.
 */

/** difflib.SequenceMatcher(None, a, b).ratio(). */
export function similarityRatio(a: string, b: string): number {
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * countMatchingChars(a, b)) / total;
}

/** Up to `n` candidates with ratio ≥ cutoff, best first (ties: the larger string first, as in difflib). */
export function getCloseMatches(word: string, candidates: readonly string[], n = 3, cutoff = 0.6): string[] {
  const scored: Array<[number, string]> = [];
  // difflib compares each candidate (seq1) against the word (seq2); the order matters for ties.
  for (const candidate of candidates) {
    const score = similarityRatio(candidate, word);
    if (score >= cutoff) scored.push([score, candidate]);
  }
  scored.sort((x, y) => y[0] - x[0] || (x[1] < y[1] ? 1 : x[1] > y[1] ? -1 : 0));
  return scored.slice(0, n).map(([, candidate]) => candidate);
}

function countMatchingChars(a: string, b: string): number {
  const positions = new Map<string, number[]>();
  for (let j = 0; j < b.length; j++) {
    const list = positions.get(b[j]);
    if (list) list.push(j);
    else positions.set(b[j], [j]);
  }
  let matched = 0;
  const queue: Array<[number, number, number, number]> = [[0, a.length, 0, b.length]];
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop()!;
    const [i, j, size] = longestMatch(a, positions, alo, ahi, blo, bhi);
    if (size === 0) continue;
    matched += size;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + size < ahi && j + size < bhi) queue.push([i + size, ahi, j + size, bhi]);
  }
  return matched;
}

/** difflib.find_longest_match without junk: earliest longest block in a[alo:ahi] × b[blo:bhi]. */
function longestMatch(
  a: string,
  positions: Map<string, number[]>,
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
): [number, number, number] {
  let bestI = alo;
  let bestJ = blo;
  let bestSize = 0;
  let lengths = new Map<number, number>();
  for (let i = alo; i < ahi; i++) {
    const next = new Map<number, number>();
    for (const j of positions.get(a[i]) ?? []) {
      if (j < blo) continue;
      if (j >= bhi) break;
      const size = (lengths.get(j - 1) ?? 0) + 1;
      next.set(j, size);
      if (size > bestSize) {
        bestI = i - size + 1;
        bestJ = j - size + 1;
        bestSize = size;
      }
    }
    lengths = next;
  }
  return [bestI, bestJ, bestSize];
}
