import { describe, expect, it } from 'vitest';
import { StepRewardCategory as C, verifyToolCall } from '../src/index.ts';
import { call, config, expectCall } from './helpers.ts';

/** Verify one expected `f(expected)` against one actual `f(actual)`; arguments are raw JSON text. */
function score(expected: string, actual: string, overrides = {}) {
  const outcome = verifyToolCall({ expected_action: expectCall('f', expected), output: [call('f', actual)] }, config(overrides));
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return { reward: outcome.reward, category: outcome.category };
}

describe('single-call argument comparison', () => {
  it('ignores key order and JSON spacing', () => {
    expect(score('{"city": "Paris", "days": 3}', '{"days":3,"city":"Paris"}')).toEqual({ reward: 1, category: C.EXPECTED_TOOL_CALL });
  });

  it('fails a wrong tool name before looking at arguments (case-sensitive)', () => {
    const outcome = verifyToolCall({ expected_action: expectCall('get_weather', '{}'), output: [call('Get_Weather', '{}')] }, config());
    expect(outcome).toMatchObject({ ok: true, reward: 0, category: C.UNEXPECTED_TOOL });
  });

  describe('strings', () => {
    it('compares single-word strings raw: case and surrounding spaces matter', () => {
      expect(score('{"c": "Paris"}', '{"c": "paris"}')).toEqual({ reward: 0, category: C.ARGUMENT_VALUE_DIFFERENT });
      expect(score('{"c": "Paris"}', '{"c": " Paris"}').reward).toBe(0);
      expect(score('{"c": "Paris"}', '{"c": "Paris"}').reward).toBe(1);
    });

    it('uses the raw rule when only one side has fewer than two words', () => {
      expect(score('{"c": "New York"}', '{"c": "york"}').reward).toBe(0);
      expect(score('{"c": ""}', '{"c": ""}').reward).toBe(1);
      expect(score('{"c": ""}', '{"c": " "}').reward).toBe(0);
    });

    it('identical multi-word strings score 0.5: pass at threshold 0.5, fail at 0.51', () => {
      expect(score('{"c": "New York City"}', '{"c": "new york city"}', { word_count_similarity_threshold: 0.5 }).reward).toBe(1);
      expect(score('{"c": "New York City"}', '{"c": "new york city"}', { word_count_similarity_threshold: 0.51 }).reward).toBe(0);
    });

    it('passes disjoint multi-word strings at threshold 0', () => {
      expect(score('{"c": "alpha beta"}', '{"c": "gamma delta"}', { word_count_similarity_threshold: 0 }).reward).toBe(1);
      expect(score('{"c": "alpha beta"}', '{"c": "gamma delta"}', { word_count_similarity_threshold: -1 }).reward).toBe(1);
    });

    it('treats the threshold as inclusive: 1 shared word of 5+5 (0.1) passes, of 5+6 (1/11) fails', () => {
      expect(score('{"c": "a b c d e"}', '{"c": "a v w x y"}').reward).toBe(1);
      expect(score('{"c": "a b c d e"}', '{"c": "a v w x y z"}')).toEqual({ reward: 0, category: C.ARGUMENT_VALUE_DIFFERENT });
    });

    it('counts repeated words as a multiset (per-word minimum)', () => {
      expect(score('{"c": "a a a a a a a a a b"}', '{"c": "a c"}').reward).toBe(0); // 1/12
      expect(score('{"c": "a a b"}', '{"c": "a a"}').reward).toBe(1); // 2/5
    });

    it("splits on Python's whitespace set (U+00A0 and U+001C count, U+FEFF does not)", () => {
      // With NBSP as a separator both sides have two words, so the similarity rule applies (not raw equality).
      expect(score(JSON.stringify({ c: 'New\u00a0York' }), JSON.stringify({ c: 'new york' }), { word_count_similarity_threshold: 0.5 }).reward).toBe(1);
      expect(score(JSON.stringify({ c: 'New\u001cYork' }), JSON.stringify({ c: 'new york' }), { word_count_similarity_threshold: 0.5 }).reward).toBe(1);
      // U+FEFF is not whitespace in Python: "New\ufeffYork" is one word, so the raw rule applies.
      expect(score(JSON.stringify({ c: 'New\ufeffYork' }), JSON.stringify({ c: 'new york' }), { word_count_similarity_threshold: 0 }).reward).toBe(0);
    });
  });

  describe('numbers and Python types', () => {
    it('keeps the int/float split of the JSON token', () => {
      expect(score('{"n": 2}', '{"n": 2.0}')).toEqual({ reward: 0, category: C.ARGUMENT_VALUE_TYPE_DIFFERENT });
      expect(score('{"n": 10.0}', '{"n": 10}')).toEqual({ reward: 0, category: C.ARGUMENT_VALUE_TYPE_DIFFERENT });
      expect(score('{"n": 1e2}', '{"n": 100.0}').reward).toBe(1);
      expect(score('{"n": 100.0}', '{"n": 1E2}').reward).toBe(1);
    });

    it('compares floats with a strict tolerance and never matches NaN', () => {
      expect(score('{"x": 0.5}', '{"x": 0.5000004}').reward).toBe(1);
      expect(score('{"x": 0.5}', '{"x": 0.500001}', { floating_point_comparison_threshold: 1e-6 }).reward).toBe(0);
      expect(score('{"x": 0.5}', '{"x": 0.75}', { floating_point_comparison_threshold: 0.25 }).reward).toBe(0);
      expect(score('{"x": NaN}', '{"x": NaN}')).toEqual({ reward: 0, category: C.ARGUMENT_VALUE_DIFFERENT });
      expect(score('{"x": Infinity}', '{"x": Infinity}').reward).toBe(0);
      expect(score('{"x": 1.5}', '{"x": Infinity}').reward).toBe(0);
    });

    it('compares big integers exactly', () => {
      expect(score('{"id": 12345678901234567890}', '{"id": 12345678901234567891}').reward).toBe(0);
      expect(score('{"id": 12345678901234567890}', '{"id": 12345678901234567890}').reward).toBe(1);
      expect(score('{"id": 9007199254740993}', '{"id": 9007199254740992}').reward).toBe(0);
    });

    it('lets expected ints accept bools (bool subclasses int) but not the reverse', () => {
      expect(score('{"b": 1}', '{"b": true}').reward).toBe(1);
      expect(score('{"b": 0}', '{"b": false}').reward).toBe(1);
      expect(score('{"b": 2}', '{"b": true}')).toEqual({ reward: 0, category: C.ARGUMENT_VALUE_DIFFERENT });
      expect(score('{"b": true}', '{"b": 1}')).toEqual({ reward: 0, category: C.ARGUMENT_VALUE_TYPE_DIFFERENT });
      expect(score('{"b": true}', '{"b": false}')).toEqual({ reward: 0, category: C.ARGUMENT_VALUE_DIFFERENT });
      expect(score('{"b": 1.0}', '{"b": true}').category).toBe(C.ARGUMENT_VALUE_TYPE_DIFFERENT);
    });

    it('matches null only with null', () => {
      expect(score('{"v": null}', '{"v": null}').reward).toBe(1);
      expect(score('{"v": null}', '{"v": "null"}')).toEqual({ reward: 0, category: C.ARGUMENT_VALUE_TYPE_DIFFERENT });
      expect(score('{"v": "x y"}', '{"v": null}').category).toBe(C.ARGUMENT_VALUE_TYPE_DIFFERENT);
    });
  });

  describe('structure', () => {
    it('requires equal key sets, optional keys included', () => {
      expect(score('{"a": 1}', '{"a": 1, "b": 2}')).toEqual({ reward: 0, category: C.ARGUMENT_OBJECT_KEYS_DIFFERENT });
      expect(score('{"a": 1, "b": null}', '{"a": 1}').category).toBe(C.ARGUMENT_OBJECT_KEYS_DIFFERENT);
    });

    it('compares lists in order and by length', () => {
      expect(score('{"l": [3, 1, 2]}', '{"l": [1, 2, 3]}')).toEqual({ reward: 0, category: C.ARGUMENT_VALUE_DIFFERENT });
      expect(score('{"l": [1, 2]}', '{"l": [1, 2, 3]}').category).toBe(C.ARGUMENT_LIST_LENGTH_DIFFERENT);
      expect(score('{"l": [{"k": "a b"}]}', '{"l": [{"k": "a b"}]}').reward).toBe(1);
    });

    it('rejects an array in place of an object', () => {
      expect(score('{}', '[]')).toEqual({ reward: 0, category: C.ARGUMENT_VALUE_TYPE_DIFFERENT });
    });

    it('reports the first failure in expected key order', () => {
      expect(score('{"a": 1, "b": [1]}', '{"b": [1, 2], "a": "x"}').category).toBe(C.ARGUMENT_VALUE_TYPE_DIFFERENT);
      expect(score('{"b": [1], "a": 1}', '{"a": "x", "b": [1, 2]}').category).toBe(C.ARGUMENT_LIST_LENGTH_DIFFERENT);
    });

    it('lets the last duplicate key win, at the position of the first', () => {
      expect(score('{"a": 1}', '{"a": 2, "a": 1}').reward).toBe(1);
      expect(score('{"a": 1, "b": 1, "a": 5}', '{"a": 1, "b": "x"}').category).toBe(C.ARGUMENT_VALUE_DIFFERENT);
    });
  });

  describe('decoding', () => {
    it('gives ARGUMENTS_DECODE_ERROR for actual arguments that do not parse', () => {
      for (const bad of ['', '{', '{"a": 1,}', "{'a': 1}", '{"a": 01}', '{"a": 1} x', '\ufeff{}']) {
        expect(score('{"a": 1}', bad), bad).toEqual({ reward: 0, category: C.ARGUMENTS_DECODE_ERROR });
      }
    });

    it('accepts surrounding JSON whitespace', () => {
      expect(score('{}', ' {} ').reward).toBe(1);
      expect(score('{}', '\n\t{}\r\n').reward).toBe(1);
    });
  });
});
