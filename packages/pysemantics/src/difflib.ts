/**
 * A port of Python's `difflib.SequenceMatcher` with `isjunk=None` and the
 * default `autojunk=True`: the longest-matching-block recursion, its
 * tie-breaking, and the "popular element" rule (when the second sequence has
 * 200+ items, an item occurring more than len/100 + 1 times is ignored as a
 * match seed). Strings are compared by code point, as Python does. Also
 * `get_close_matches`, which "Did you mean" hints are built on.
 */
import { PyValueError } from './errors.ts';

export interface MatchBlock {
  a: number;
  b: number;
  size: number;
}

export class SequenceMatcher {
  private readonly a: string[];
  private readonly b: string[];
  private readonly b2j = new Map<string, number[]>();

  constructor(a: string | readonly string[], b: string | readonly string[], autojunk = true) {
    this.a = typeof a === 'string' ? Array.from(a) : [...a];
    this.b = typeof b === 'string' ? Array.from(b) : [...b];
    this.b.forEach((elt, i) => {
      const idx = this.b2j.get(elt);
      if (idx) idx.push(i);
      else this.b2j.set(elt, [i]);
    });
    const n = this.b.length;
    if (autojunk && n >= 200) {
      const ntest = Math.floor(n / 100) + 1;
      for (const [elt, idxs] of [...this.b2j]) if (idxs.length > ntest) this.b2j.delete(elt);
    }
  }

  /** Longest matching block in a[alo:ahi] × b[blo:bhi]; ties go to the earliest in a, then in b. */
  findLongestMatch(alo: number, ahi: number, blo: number, bhi: number): MatchBlock {
    const { a, b, b2j } = this;
    let besti = alo;
    let bestj = blo;
    let bestsize = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const newj2len = new Map<number, number>();
      for (const j of b2j.get(a[i]) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        newj2len.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = newj2len;
    }
    // No junk set (isjunk=None), so popular items may still extend a match on either side.
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
      besti--;
      bestj--;
      bestsize++;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
    return { a: besti, b: bestj, size: bestsize };
  }

  /** Non-overlapping matching blocks in order, ending with the (len(a), len(b), 0) sentinel. */
  getMatchingBlocks(): MatchBlock[] {
    const la = this.a.length;
    const lb = this.b.length;
    const queue: Array<[number, number, number, number]> = [[0, la, 0, lb]];
    const blocks: MatchBlock[] = [];
    while (queue.length) {
      const [alo, ahi, blo, bhi] = queue.pop()!;
      const x = this.findLongestMatch(alo, ahi, blo, bhi);
      if (x.size) {
        blocks.push(x);
        if (alo < x.a && blo < x.b) queue.push([alo, x.a, blo, x.b]);
        if (x.a + x.size < ahi && x.b + x.size < bhi) queue.push([x.a + x.size, ahi, x.b + x.size, bhi]);
      }
    }
    blocks.sort((p, q) => p.a - q.a || p.b - q.b || p.size - q.size);
    const collapsed: MatchBlock[] = [];
    for (const blk of blocks) {
      const prev = collapsed[collapsed.length - 1];
      if (prev && prev.a + prev.size === blk.a && prev.b + prev.size === blk.b) prev.size += blk.size;
      else collapsed.push({ ...blk });
    }
    collapsed.push({ a: la, b: lb, size: 0 });
    return collapsed;
  }

  /** `2 * M / T`, where M is the number of matched items and T the total length; 1.0 for two empty sequences. */
  ratio(): number {
    const matches = this.getMatchingBlocks().reduce((sum, blk) => sum + blk.size, 0);
    const length = this.a.length + this.b.length;
    return length ? (2.0 * matches) / length : 1.0;
  }
}

/** `SequenceMatcher(None, a, b).ratio()`. */
export function sequenceRatio(a: string | readonly string[], b: string | readonly string[]): number {
  return new SequenceMatcher(a, b).ratio();
}

/** Python's `a < b` on str: by code point (JS `<` compares UTF-16 units, which differs past the BMP). */
function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/**
 * `difflib.get_close_matches(word, possibilities, n, cutoff)`: up to `n` possibilities whose
 * ratio against `word` is at least `cutoff`, best first; equal scores put the larger string first.
 */
export function getCloseMatches(word: string, possibilities: Iterable<string>, n = 3, cutoff = 0.6): string[] {
  if (!(n > 0)) throw new PyValueError(`n must be > 0: ${n}`);
  if (!(cutoff >= 0 && cutoff <= 1)) throw new PyValueError(`cutoff must be in [0.0, 1.0]: ${cutoff}`);
  const scored: Array<[number, string]> = [];
  // Each possibility is the first sequence and the word the second, as in difflib; autojunk and ties depend on it.
  for (const x of possibilities) {
    const score = sequenceRatio(x, word);
    if (score >= cutoff) scored.push([score, x]);
  }
  scored.sort((p, q) => q[0] - p[0] || compareCodePoints(q[1], p[1]));
  return scored.slice(0, n).map(([, x]) => x);
}
