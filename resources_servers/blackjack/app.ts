/**
 * blackjack: one hand against the dealer, Gymnasium style. Reset deals two
 * cards each; every step reads `<action>hit</action>` or
 * `<action>stand</action>` (no tag means stand). Reward +1 win, 0 draw,
 * -1 loss or bust. The deal is random unless the row carries a `seed`.
 */
import { Type } from '@sinclair/typebox';
import { defineGymnasiumServer, extractText, HttpError, isMainModule, serve, type GymnasiumStepResult } from '@gym/server';
import { drawCard, formatHand, handValue, seededRng, type Rng } from './cards.ts';

export const BlackjackMetadata = Type.Object({
  seed: Type.Optional(Type.Integer({ description: 'Deal this hand from a seeded generator instead of a fresh random one.' })),
});

export interface Table {
  player: string[];
  dealer: string[];
  rng: Rng;
}

const ACTION = /<action>\s*(hit|stand)\s*<\/action>/i;

export function observe(table: Table): string {
  return (
    `Your hand: ${formatHand(table.player)} = ${handValue(table.player)}\n` +
    `Dealer shows: ${table.dealer[0]}\n` +
    'Respond with <action>hit</action> or <action>stand</action>.'
  );
}

/** The first action tag in the text, case-insensitive; no tag counts as standing. */
export function decide(text: string): 'hit' | 'stand' {
  const m = ACTION.exec(text);
  return m ? (m[1].toLowerCase() as 'hit' | 'stand') : 'stand';
}

export function deal(rng: Rng): Table {
  const player = [drawCard(rng), drawCard(rng)];
  const dealer = [drawCard(rng), drawCard(rng)];
  return { player, dealer, rng };
}

/** Play one decision on the table (mutating it) and report the outcome. */
export function play(table: Table, decision: 'hit' | 'stand'): GymnasiumStepResult<Table> {
  if (decision === 'hit') {
    table.player.push(drawCard(table.rng));
    const value = handValue(table.player);
    if (value > 21) {
      return { observation: null, reward: -1.0, terminated: true, truncated: false, info: { result: 'bust', player: formatHand(table.player), value } };
    }
    return { observation: observe(table), reward: 0.0, terminated: false, truncated: false, info: {}, state: table };
  }
  while (handValue(table.dealer) < 17) table.dealer.push(drawCard(table.rng));
  const playerValue = handValue(table.player);
  const dealerValue = handValue(table.dealer);
  const [reward, result] = dealerValue > 21 || playerValue > dealerValue ? [1.0, 'win'] : playerValue === dealerValue ? [0.0, 'draw'] : [-1.0, 'loss'];
  return {
    observation: null,
    reward,
    terminated: true,
    truncated: false,
    info: { result, player: formatHand(table.player), player_value: playerValue, dealer: formatHand(table.dealer), dealer_value: dealerValue },
  };
}

export interface BlackjackOptions {
  /** Random source for a new hand; default: seeded from the row's `seed`, else Math.random. */
  newRng?: (seed: number | undefined) => Rng;
}

/** A step whose session has no hand: never reset, or the hand already ended. */
export function noHandInPlay(): HttpError {
  return new HttpError(409, 'GYM_NO_HAND_IN_PLAY', 'No hand in play for this session: POST /reset first and send its session cookie with every /step.');
}

const defaultRng = (seed: number | undefined): Rng => (seed === undefined ? Math.random : seededRng(seed));

export function createBlackjackServer(opts: BlackjackOptions = {}) {
  const newRng = opts.newRng ?? defaultRng;
  return defineGymnasiumServer({
    className: 'BlackjackEnv',
    metadata: BlackjackMetadata,
    reset(metadata) {
      const table = deal(newRng(metadata.seed));
      return { observation: observe(table), info: {}, state: table };
    },
    step(action, _metadata, table) {
      if (!table) throw noHandInPlay();
      return play(table, decide(extractText(action)));
    },
  });
}

export const server = createBlackjackServer();

if (isMainModule(import.meta.url)) await serve(server);
