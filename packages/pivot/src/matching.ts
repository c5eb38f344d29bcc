/**
 * Maximum bipartite matching between expected and actual tool calls (Kuhn's
 * algorithm). Greedy pairing is not enough: fuzzy argument matching is not
 * transitive, so one actual call can satisfy several expected calls and an
 * early pairing can strand a later expected call; augmenting paths undo it.
 * The visiting order is part of the contract because it decides which
 * expected call stays unmatched, and so which failure category is reported.
 */

/** `candidates[e]` lists the actual indices (ascending) expected call `e` matches. Returns actual index → expected index. */
export function findMaximumMatching(candidates: readonly (readonly number[])[]): Map<number, number> {
  const matching = new Map<number, number>();
  // Most constrained first; Array.prototype.sort is stable, as Python's sorted is.
  const order = candidates.map((_, i) => i).sort((x, y) => candidates[x].length - candidates[y].length);
  for (const expected of order) augment(expected, candidates, matching, new Set());
  return matching;
}

function augment(expected: number, candidates: readonly (readonly number[])[], matching: Map<number, number>, visited: Set<number>): boolean {
  for (const actual of candidates[expected]) {
    if (visited.has(actual)) continue;
    visited.add(actual);
    const holder = matching.get(actual);
    if (holder === undefined || augment(holder, candidates, matching, visited)) {
      matching.set(actual, expected);
      return true;
    }
  }
  return false;
}
