/**
 * Finds the first "JSON list containing objects" in a reply, exactly as the
 * reference regex does:
 *
 *   \[(?:[^\[\]]|\{[^}]*\})*\{(?:[^\[\]]|\{[^}]*\})*\}(?:[^\[\]]|\{[^}]*\})*\]   (DOTALL)
 *
 * A backtracking engine needs exponential time on that pattern when a `[`
 * is followed by many `{...}` groups and no closing `]` (a truncated
 * calendar), which would stall the server. The pattern has no backreferences,
 * so the result of "match the rest from here" depends only on (stage,
 * position); computing it once per state (right to left) gives the same match
 * the backtracking engine finds, in linear time.
 */

const FAIL = -1;

/** [start, end) of the leftmost match, or null. */
export function findJsonListSpan(text: string): [number, number] | null {
  const n = text.length;
  // nextClose[p]: index of the first '}' at or after p (n when none).
  const nextClose = new Int32Array(n + 1);
  nextClose[n] = n;
  for (let p = n - 1; p >= 0; p--) nextClose[p] = text[p] === '}' ? p : nextClose[p + 1];

  // star[k][p]: end of the match when repetition k (of 3) starts at p and the rest of the pattern follows.
  const star = [new Int32Array(n + 2), new Int32Array(n + 2), new Int32Array(n + 2)];
  const rest = (k: number, p: number): number => {
    if (p >= n) return FAIL;
    if (k === 0) return text[p] === '{' ? star[1][p + 1] : FAIL;
    if (k === 1) return text[p] === '}' ? star[2][p + 1] : FAIL;
    return text[p] === ']' ? p + 1 : FAIL;
  };
  for (let k = 2; k >= 0; k--) {
    const row = star[k];
    row[n + 1] = FAIL;
    for (let p = n; p >= 0; p--) {
      let result = FAIL;
      if (p < n) {
        const c = text[p];
        // The greedy loop tries another item first: one non-bracket character, then a whole {...} group.
        if (c !== '[' && c !== ']') result = row[p + 1];
        if (result === FAIL && c === '{') {
          const close = nextClose[p + 1];
          if (close < n) result = row[close + 1];
        }
      }
      row[p] = result === FAIL ? rest(k, p) : result;
    }
  }
  for (let s = 0; s < n; s++) if (text[s] === '[' && star[0][s + 1] !== FAIL) return [s, star[0][s + 1]];
  return null;
}
