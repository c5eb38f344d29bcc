import { describe, expect, it } from 'vitest';
import { StepRewardCategory as C, findMaximumMatching, verifyToolCall, type ToolCallComparatorConfigInput } from '../src/index.ts';
import { call, config, expectBatch, expectCall, reasoning, refusal, text } from './helpers.ts';

function verify(expected: unknown, output: unknown[], overrides: Partial<ToolCallComparatorConfigInput> = {}) {
  const outcome = verifyToolCall({ expected_action: expected, output }, config(overrides));
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return { reward: outcome.reward, category: outcome.category };
}

const message = { type: 'message', content: 'anything at all' };
const alpha = expectCall('search', { q: 'alpha' });
const beta = expectCall('search', { q: 'beta' });
const junk = (i: number) => call('search', { q: `junk${i}` });

describe('action types', () => {
  it('accepts any text for an expected message, with or without reasoning', () => {
    expect(verify(message, [reasoning('think'), text('hello')])).toEqual({ reward: 1, category: C.EXPECTED_CHAT_MESSAGE_FOUND });
    expect(verify(message, [text('')])).toEqual({ reward: 1, category: C.EXPECTED_CHAT_MESSAGE_FOUND });
  });

  it('fails an expected message answered with a call, even alongside text (calls win)', () => {
    expect(verify(message, [text('let me check'), call('search', {})])).toEqual({ reward: 0, category: C.NO_EXPECTED_CHAT_MESSAGE });
  });

  it('finds no action in reasoning alone or a refusal alone', () => {
    expect(verify(message, [reasoning('hmm')])).toEqual({ reward: 0, category: C.NO_ACTION_FOUND });
    expect(verify(message, [refusal('no')])).toEqual({ reward: 0, category: C.NO_ACTION_FOUND });
    expect(verify(alpha, [])).toEqual({ reward: 0, category: C.NO_ACTION_FOUND });
  });

  it('passes over a refusal-only message to the next message with text', () => {
    expect(verify(message, [refusal('no'), text('ok')])).toEqual({ reward: 1, category: C.EXPECTED_CHAT_MESSAGE_FOUND });
  });

  it('fails an expected call answered with text', () => {
    expect(verify(alpha, [text('the answer is alpha')])).toEqual({ reward: 0, category: C.NO_EXPECTED_TOOL_CALL });
  });

  it('ignores user messages and other item types in the output', () => {
    const user = { type: 'message', role: 'user', content: [{ type: 'output_text', text: 'x' }] };
    expect(verify(message, [user, { type: 'web_search_call', id: 'ws' }])).toEqual({ reward: 0, category: C.NO_ACTION_FOUND });
  });

  it('reports a call item without string arguments as a problem with its path', () => {
    const outcome = verifyToolCall({ expected_action: alpha, output: [text('x'), { type: 'function_call', name: 'search', arguments: { q: 1 } }] }, config());
    expect(outcome).toEqual({ ok: false, problem: { path: 'response.output.1.arguments', message: 'response.output.1.arguments must be a string' } });
  });
});

describe('multiple calls with the parallel switch off', () => {
  it('lets surplus calls go free', () => {
    expect(verify(alpha, [junk(1), call('search', { q: 'alpha' })])).toEqual({ reward: 1, category: C.EXPECTED_TOOL_CALL });
    expect(verify(expectBatch(alpha, beta), [call('search', { q: 'beta' }), call('search', { q: 'alpha' }), junk(1)])).toEqual({
      reward: 1,
      category: C.EXPECTED_TOOL_CALL_BATCH,
    });
  });

  it('fails a batch with a missing call on the count', () => {
    expect(verify(expectBatch(alpha, beta), [call('search', { q: 'alpha' })])).toEqual({ reward: 0, category: C.FUNCTION_CALL_BATCH_LENGTH_DIFFERENT });
  });

  it('finds the maximum matching where greedy pairing fails (augmenting paths)', () => {
    const batch = expectBatch(expectCall('s', { q: 'aa bb cc dd' }), expectCall('s', { q: 'aa bb' }));
    // "aa bb" (actual 0) matches both expected calls; "cc dd" (actual 1) matches only the first.
    expect(verify(batch, [call('s', { q: 'aa bb' }), call('s', { q: 'cc dd' })])).toEqual({ reward: 1, category: C.EXPECTED_TOOL_CALL_BATCH });
  });

  it('reports the failure of the lowest unmatched expected call', () => {
    const batch = expectBatch(alpha, expectCall('lookup', { id: 1 }));
    const output = [call('search', { q: 'alpha' }), call('lookup', { id: 2 })];
    expect(verify(batch, output)).toEqual({ reward: 0, category: C.ARGUMENT_VALUE_DIFFERENT });
    expect(verify(expectBatch(alpha, beta), [call('search', { q: 'alpha' }), call('other', {})])).toEqual({
      reward: 0,
      category: C.ARGUMENT_VALUE_DIFFERENT,
    });
    expect(verify(expectBatch(alpha, expectCall('x', {})), [call('search', { q: 'alpha' }), call('y', {})])).toEqual({
      reward: 0,
      category: C.UNEXPECTED_TOOL,
    });
  });
});

describe('multiple calls with the parallel switch on, expected {alpha, beta}', () => {
  const on = (mode: 'binary_strict' | 'fractional' | 'f1', gates: Partial<ToolCallComparatorConfigInput> = {}) => ({
    parallel_tool_call_rewarding: true,
    parallel_tool_call_reward_mode: mode,
    ...gates,
  });
  const batch = expectBatch(alpha, beta);
  const a = call('search', { q: 'alpha' });
  const b = call('search', { q: 'beta' });

  it.each([
    ['binary_strict', 0],
    ['fractional', 0.5],
    ['f1', 0.5],
  ] as const)('right count, one wrong, %s → %d', (mode, reward) => {
    expect(verify(batch, [a, junk(1)], on(mode)).reward).toBe(reward);
  });

  it.each([
    ['binary_strict', 1],
    ['fractional', 1],
    ['f1', 2 / 3],
  ] as const)('alpha only with allow_subset, %s → %d', (mode, reward) => {
    expect(verify(batch, [a], on(mode, { allow_subset: true })).reward).toBeCloseTo(reward, 12);
  });

  it.each([
    ['binary_strict', 1],
    ['fractional', 1],
    ['f1', 4 / 7],
  ] as const)('both plus 3 junk with allow_superset, %s → %d', (mode, reward) => {
    expect(verify(batch, [junk(1), b, junk(2), a, junk(3)], on(mode, { allow_superset: true })).reward).toBeCloseTo(reward, 12);
  });

  it.each(['binary_strict', 'fractional', 'f1'] as const)('alpha only without a gate, %s → 0 (BATCH_LENGTH)', (mode) => {
    expect(verify(batch, [a], on(mode))).toEqual({ reward: 0, category: C.FUNCTION_CALL_BATCH_LENGTH_DIFFERENT });
  });

  it('scores both plus 20 junk under f1 at 1/6', () => {
    const output = [a, b, ...Array.from({ length: 20 }, (_, i) => junk(i))];
    expect(verify(batch, output, on('f1', { allow_superset: true })).reward).toBeCloseTo(4 / 24, 12);
  });

  it('scores a single expected call vs [match, junk] under f1 at 2/3 with the count category', () => {
    const r = verify(alpha, [a, junk(1)], on('f1', { allow_superset: true }));
    expect(r.reward).toBeCloseTo(2 / 3, 12);
    expect(r.category).toBe(C.FUNCTION_CALL_BATCH_LENGTH_DIFFERENT);
  });

  it('keeps single-call categories for one call against one call', () => {
    expect(verify(alpha, [call('search', 'nope')], on('f1'))).toEqual({ reward: 0, category: C.ARGUMENTS_DECODE_ERROR });
  });

  it('blames the argument mismatch when an admitted subset matches nothing', () => {
    expect(verify(batch, [junk(1)], on('binary_strict', { allow_subset: true }))).toEqual({ reward: 0, category: C.ARGUMENT_VALUE_DIFFERENT });
  });
});

describe('findMaximumMatching', () => {
  it('visits the most constrained expected index first and re-assigns through augmenting paths', () => {
    expect([...findMaximumMatching([[0, 1], [0]]).entries()].sort()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(findMaximumMatching([[0], [0], [0]]).size).toBe(1);
    expect(findMaximumMatching([[], [1]]).size).toBe(1);
  });
});
