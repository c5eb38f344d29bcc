/** Hand values, action parsing and the table rules of blackjack, with a scripted deck. */
import { describe, expect, it } from 'vitest';
import { buildServer } from '@gym/server';
import { createBlackjackServer, decide, server } from '../app.ts';
import { drawCard, formatHand, handValue, parseHand, RANKS, seededRng, type Rng } from '../cards.ts';

const row = { responses_create_params: { input: [{ role: 'user', content: 'Deal me in.' }] } };
const say = (text: string) => ({ id: 'resp_1', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] }] });
const HIT = say('<action>hit</action>');
const STAND = say('<action>stand</action>');

/** Deals exactly these cards, in order (player, player, dealer, dealer, then draws). */
function deck(...cards: string[]): Rng {
  let i = 0;
  return () => {
    if (i >= cards.length) throw new Error('deck exhausted');
    return (RANKS.indexOf(cards[i++] as (typeof RANKS)[number]) + 0.5) / RANKS.length;
  };
}

async function table(...cards: string[]) {
  const { app } = await buildServer(createBlackjackServer({ newRng: () => deck(...cards) }), { instanceName: 'blackjack', docs: false });
  let cookies: Record<string, string> = {};
  return async (url: string, payload: unknown = row) => {
    const res = await app.inject({ method: 'POST', url, payload: payload as object, cookies });
    cookies = Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
    return res;
  };
}
const step = (action: ReturnType<typeof say>) => ({ ...row, response: action });

describe('cards', () => {
  it('counts faces as 10 and aces as 11, dropping aces to 1 while over 21', () => {
    expect(handValue(['8', '5'])).toBe(13);
    expect(handValue(['J', 'Q'])).toBe(20);
    expect(handValue(['A', 'K'])).toBe(21);
    expect(handValue(['A', 'A'])).toBe(12);
    expect(handValue(['A', '9', 'A'])).toBe(21);
    expect(handValue(['A', 'A', 'A', 'K', '9'])).toBe(22);
    expect(handValue(['10', 'K', '5'])).toBe(25);
    expect(handValue([])).toBe(0);
  });

  it('formats and parses hands as the observations and info show them', () => {
    expect(formatHand(['8', '5', 'Q'])).toBe('[8, 5, Q]');
    expect(parseHand('[8, 5, Q]')).toEqual(['8', '5', 'Q']);
    expect(parseHand('[]')).toEqual([]);
  });

  it('draws every rank from [0, 1), uniformly by position', () => {
    expect(drawCard(() => 0)).toBe('2');
    expect(drawCard(() => 0.999999)).toBe('A');
    expect(new Set(Array.from({ length: 13 }, (_, i) => drawCard(() => i / 13)))).toEqual(new Set(RANKS));
  });

  it('repeats a seeded sequence and differs across seeds', () => {
    const a = seededRng(42);
    const b = seededRng(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, seededRng(43))).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('decide', () => {
  it('takes the first action tag, case-insensitive, with whitespace inside the tag', () => {
    expect(decide('<action>hit</action>')).toBe('hit');
    expect(decide('I think <ACTION> Stand </Action> now')).toBe('stand');
    expect(decide('<action>hit</action> or maybe <action>stand</action>')).toBe('hit');
    expect(decide('<action>stand</action><action>hit</action>')).toBe('stand');
  });

  it('stands when there is no valid tag', () => {
    expect(decide('hit me')).toBe('stand');
    expect(decide('<action>double</action>')).toBe('stand');
    expect(decide('')).toBe('stand');
  });
});

describe('reset and step', () => {
  it('deals two cards each and shows the dealer up card', async () => {
    const post = await table('8', '5', 'A', '7');
    expect((await post('/reset')).json()).toEqual({
      observation: 'Your hand: [8, 5] = 13\nDealer shows: A\nRespond with <action>hit</action> or <action>stand</action>.',
      info: {},
    });
  });

  it('hits without busting: new hand in the same format, reward 0, episode goes on', async () => {
    const post = await table('8', '5', 'A', '7', '3');
    await post('/reset');
    expect((await post('/step', step(HIT))).json()).toEqual({
      observation: 'Your hand: [8, 5, 3] = 16\nDealer shows: A\nRespond with <action>hit</action> or <action>stand</action>.',
      reward: 0.0,
      terminated: false,
      truncated: false,
      info: {},
    });
  });

  it('busts on a hit over 21: reward -1, terminated, info with the hand and value', async () => {
    const post = await table('8', '5', 'A', '7', '3', 'Q');
    await post('/reset');
    await post('/step', step(HIT));
    expect((await post('/step', step(HIT))).json()).toEqual({
      observation: null,
      reward: -1.0,
      terminated: true,
      truncated: false,
      info: { result: 'bust', player: '[8, 5, 3, Q]', value: 26 },
    });
  });

  it.each([
    { name: 'dealer stands on 17: higher player hand wins', cards: ['10', '9', '10', '7'], reward: 1.0, result: 'win', dealer: '[10, 7]', values: [19, 17] },
    { name: 'dealer draws while below 17 and beats the player', cards: ['10', '8', '5', '2', '4', 'Q'], reward: -1.0, result: 'loss', dealer: '[5, 2, 4, Q]', values: [18, 21] },
    { name: 'dealer busts: the player wins with any hand', cards: ['10', '2', '6', '10', 'K'], reward: 1.0, result: 'win', dealer: '[6, 10, K]', values: [12, 26] },
    { name: 'equal totals are a draw', cards: ['10', '8', '9', '9'], reward: 0.0, result: 'draw', dealer: '[9, 9]', values: [18, 18] },
    { name: 'dealer stands on a soft 17', cards: ['10', '7', 'A', '6'], reward: 0.0, result: 'draw', dealer: '[A, 6]', values: [17, 17] },
  ])('stand: $name', async ({ cards, reward, result, dealer, values }) => {
    // The deck holds exactly the cards the rule allows: one draw too many would fail the step.
    const post = await table(...cards);
    await post('/reset');
    const res = await post('/step', step(STAND));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      observation: null,
      reward,
      terminated: true,
      truncated: false,
      info: { result, player: formatHand(cards.slice(0, 2)), player_value: values[0], dealer, dealer_value: values[1] },
    });
  });

  it('stands when the turn has no action tag', async () => {
    const post = await table('10', '9', '10', '7');
    await post('/reset');
    expect((await post('/step', step(say('I will keep this hand.')))).json()).toMatchObject({ reward: 1.0, info: { result: 'win' } });
  });

  it('answers 409 to a step with no hand in play (never reset, or the hand is over)', async () => {
    const fresh = await table('10', '9', '10', '7');
    const res = await fresh('/step', step(HIT));
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/POST \/reset first/);
    const post = await table('10', '9', '10', '7');
    await post('/reset');
    await post('/step', step(STAND));
    expect((await post('/step', step(STAND))).statusCode).toBe(409);
  });

  it('deals the same hand for the same row seed, and a random one without a seed', async () => {
    const { app } = await buildServer(server, { instanceName: 'blackjack', docs: false });
    const reset = async (payload: object) => (await app.inject({ method: 'POST', url: '/reset', payload })).json().observation as string;
    const seeded = { ...row, seed: 6 };
    expect(await reset(seeded)).toBe(await reset(seeded));
    expect(await reset(row)).toMatch(/^Your hand: \[\w+, \w+\] = \d+\nDealer shows: \w+\n/);
    const bad = await app.inject({ method: 'POST', url: '/reset', payload: { ...row, seed: 'six' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail[0].loc).toEqual(['body', 'seed']);
  });

  it('has no /verify and no /seed_session route', async () => {
    const post = await table('10', '9', '10', '7');
    for (const url of ['/verify', '/seed_session']) expect((await post(url, step(STAND))).statusCode).toBe(404);
  });
});
