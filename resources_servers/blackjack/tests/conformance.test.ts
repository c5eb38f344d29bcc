/**
 * Blackjack recordings cannot be replayed from the seed the reference never
 * had, so each reference hand is checked two ways: (a) the recorded reward
 * follows from the recorded hands under the hand-value rule, and (b) the
 * recorded cards are dealt again from a scripted deck and the recorded turns
 * are played through the running server, which must reproduce every
 * observation, the reward and the info. This folder's own rows carry seeds,
 * so they replay exactly with the default server.
 */
import { describe, expect, it } from 'vitest';
import { fixturesDir, joinRolloutsToRows, listen, listenForSuite, readJsonl, replayEpisode, type RunningServer } from '@gym/testing';
import { createBlackjackServer, server } from '../app.ts';
import { handValue, parseHand, RANKS, type Rng } from '../cards.ts';

type Row = Record<string, any>;
const fixtures = fixturesDir('servers/blackjack/');
const dataDir = new URL('../data/', import.meta.url).pathname;

/** The reward the recorded hands imply. */
function rewardFromInfo(info: Row): number {
  const player = handValue(parseHand(info.player));
  if (info.result === 'bust') {
    expect(player).toBe(info.value);
    expect(player).toBeGreaterThan(21);
    return -1.0;
  }
  const dealer = handValue(parseHand(info.dealer));
  expect([player, dealer]).toEqual([info.player_value, info.dealer_value]);
  expect(dealer).toBeGreaterThanOrEqual(17);
  return dealer > 21 || player > dealer ? 1.0 : player === dealer ? 0.0 : -1.0;
}

/** The cards in dealing order: player ×2, dealer ×2, the player's hits, the dealer's draws. */
function recordedDeck(rollout: Row): string[] {
  const input = rollout.responses_create_params.input as Row[];
  const first = /Your hand: (\[[^\]]*\]) = \d+\nDealer shows: (\w+)/.exec(String(input[input.length - 1].content));
  if (!first) throw new Error('no reset observation in the recorded input');
  const opening = parseHand(first[1]);
  const player = parseHand(rollout.info.player);
  // A bust ends the hand before the dealer's hole card is seen; any card stands in for it.
  const dealer = rollout.info.dealer ? parseHand(rollout.info.dealer) : [first[2], '2'];
  expect(player.slice(0, 2)).toEqual(opening);
  return [...player.slice(0, 2), ...dealer.slice(0, 2), ...player.slice(2), ...dealer.slice(2)];
}

function scriptedRng(cards: string[]): Rng {
  let next = 0;
  return () => {
    if (next >= cards.length) throw new Error('the scripted deck ran out: the server drew more cards than the recording shows');
    return (RANKS.indexOf(cards[next++] as (typeof RANKS)[number]) + 0.5) / RANKS.length;
  };
}

async function checkReplay(running: RunningServer, row: Row, rollout: Row) {
  const { reset, steps } = await replayEpisode(running, row, rollout);
  const input = rollout.responses_create_params.input as Row[];
  expect(reset).toEqual({ observation: input[input.length - 1].content, info: {} });
  for (const step of steps.slice(0, -1)) {
    expect(step.reply).toEqual({ observation: step.observation, reward: 0, terminated: false, truncated: false, info: {} });
  }
  const last = steps[steps.length - 1];
  expect(last.reply).toEqual({ observation: null, reward: rollout.reward, terminated: rollout.terminated, truncated: rollout.truncated, info: rollout.info });
}

describe.skipIf(!fixtures)('reference rollouts of blackjack', () => {
  if (!fixtures) return;
  const pairs = joinRolloutsToRows(readJsonl(`${fixtures}example.jsonl`), readJsonl(`${fixtures}example_rollouts.jsonl`));
  it('joins every rollout line to an example row', () => expect(pairs).toHaveLength(5));
  for (const { row, rollout, line } of pairs) {
    it(`line ${line}: the recorded hands give the recorded reward ${rollout.reward}`, () => {
      expect(rewardFromInfo(rollout.info as Row)).toBe(rollout.reward);
    });
    it(`line ${line}: replaying the recorded cards and turns reproduces the episode`, async () => {
      const deck = recordedDeck(rollout);
      const running = await listen(createBlackjackServer({ newRng: () => scriptedRng(deck) }), 'blackjack');
      try {
        await checkReplay(running, row, rollout);
      } finally {
        await running.close();
      }
    });
  }
});

describe('own example rollouts in data/ (seeded deals)', () => {
  const running = listenForSuite(server, 'blackjack');
  const pairs = joinRolloutsToRows(readJsonl(`${dataDir}example.jsonl`), readJsonl(`${dataDir}example_rollouts.jsonl`));
  it('joins every rollout line to an example row', () => expect(pairs).toHaveLength(5));
  for (const { row, rollout, line } of pairs) {
    it(`line ${line}: the seeded deal replays to reward ${rollout.reward}`, async () => {
      expect(rewardFromInfo(rollout.info as Row)).toBe(rollout.reward);
      await checkReplay(running(), row, rollout);
    });
  }
});
