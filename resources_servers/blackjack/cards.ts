/**
 * Cards, hand values and the random source of the blackjack table.
 */

export const RANKS = ['2', '3', '4', '5', '6', '7', '8', '9', '10', 'J', 'Q', 'K', 'A'] as const;
export type Rank = (typeof RANKS)[number];

/** A source of uniform numbers in [0, 1), like Math.random. */
export type Rng = () => number;

/** One card drawn uniformly, with replacement (an infinite shoe). */
export function drawCard(rng: Rng): Rank {
  return RANKS[Math.min(RANKS.length - 1, Math.floor(rng() * RANKS.length))];
}

/** J/Q/K count 10 and A counts 11; while over 21, aces drop to 1 one at a time. */
export function handValue(hand: readonly string[]): number {
  let total = 0;
  let aces = 0;
  for (const rank of hand) {
    if (rank === 'J' || rank === 'Q' || rank === 'K') total += 10;
    else if (rank === 'A') {
      total += 11;
      aces++;
    } else total += Number.parseInt(rank, 10);
  }
  while (total > 21 && aces > 0) {
    total -= 10;
    aces--;
  }
  return total;
}

/** `[8, 5]`: the hand as the model and the recorded `info` show it. */
export function formatHand(hand: readonly string[]): string {
  return `[${hand.join(', ')}]`;
}

/** Inverse of formatHand, for recorded `info` hands. */
export function parseHand(text: string): string[] {
  const inner = text.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
  return inner ? inner.split(',').map((s) => s.trim()) : [];
}

/**
 * Deterministic generator (mulberry32) for rows that carry a `seed`, so a
 * recorded game can be dealt again, e.g. when replaying example rollouts offline.
 */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
