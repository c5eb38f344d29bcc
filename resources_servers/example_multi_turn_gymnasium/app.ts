/**
 * example_multi_turn_gymnasium: a scripted user asks the row's follow-up
 * questions one per turn; after the last one, the model's final turn is
 * graded by a case-insensitive substring match of `expected_answer`.
 */
import { Type } from '@gym/schemas';
import { defineGymnasiumServer, extractText, isMainModule, serve } from '@gym/server';

export const MultiTurnMetadata = Type.Object({
  follow_ups: Type.Optional(Type.Array(Type.String(), { description: 'Questions the scripted user asks after each model turn, in order.' })),
  expected_answer: Type.Optional(Type.String({ description: 'Text the final model turn must contain (case-insensitive).' })),
});

/** 1.0 when the answer is non-empty and appears, case-insensitively, in the text. */
export function gradeFinalTurn(text: string, expectedAnswer: string): number {
  return expectedAnswer !== '' && text.toLowerCase().includes(expectedAnswer.toLowerCase()) ? 1.0 : 0.0;
}

export const server = defineGymnasiumServer({
  className: 'ExampleMultiTurnEnv',
  metadata: MultiTurnMetadata,
  reset: () => ({ observation: null, info: {}, state: { turn: 0 } }),
  step(action, metadata, state) {
    // A step without a reset starts at the first turn, as a fresh episode would.
    const turn = state?.turn ?? 0;
    const followUps = metadata.follow_ups ?? [];
    if (turn < followUps.length) {
      return { observation: followUps[turn], reward: 0.0, terminated: false, truncated: false, info: {}, state: { turn: turn + 1 } };
    }
    const reward = gradeFinalTurn(extractText(action), metadata.expected_answer ?? '');
    return { observation: null, reward, terminated: true, truncated: false, info: {} };
  },
});

if (isMainModule(import.meta.url)) await serve(server);
