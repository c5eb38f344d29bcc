/**
 * Recursive comparison of parsed tool-call arguments with Python's type
 * rules: the actual value must be an instance of the expected value's Python
 * type (bool is a subclass of int, so expected `1` accepts `true` but not the
 * reverse), objects need equal key sets, lists equal lengths, floats are
 * compared within a tolerance and strings by word-count similarity.
 * The first failure, in expected key order, decides the category.
 */
import type { PyJsonValue } from '@gym/pysemantics';
import { StepRewardCategory, type StepRewardCategoryValue } from './categories.ts';
import { stringsMatch } from './python-text.ts';

export interface ArgumentComparisonOptions {
  word_count_similarity_threshold: number;
  floating_point_comparison_threshold: number;
}

/** `isinstance(actual, type(expected))`. */
function isInstanceOfTypeOf(actual: PyJsonValue, expected: PyJsonValue): boolean {
  if (expected.t === 'int') return actual.t === 'int' || actual.t === 'bool';
  return actual.t === expected.t;
}

/** Python `==` between an int, bool or None and a value that passed the type gate. */
function scalarEquals(expected: PyJsonValue, actual: PyJsonValue): boolean {
  const asInt = (v: PyJsonValue): bigint | undefined => (v.t === 'int' ? v.v : v.t === 'bool' ? (v.v ? 1n : 0n) : undefined);
  if (expected.t === 'null') return actual.t === 'null';
  const e = asInt(expected);
  const a = asInt(actual);
  return e !== undefined && a !== undefined && e === a;
}

/** `undefined` when `actual` matches `expected`; otherwise the category of the first mismatch. */
export function compareArguments(expected: PyJsonValue, actual: PyJsonValue, opts: ArgumentComparisonOptions): StepRewardCategoryValue | undefined {
  if (!isInstanceOfTypeOf(actual, expected)) return StepRewardCategory.ARGUMENT_VALUE_TYPE_DIFFERENT;
  switch (expected.t) {
    case 'dict': {
      const a = (actual as Extract<PyJsonValue, { t: 'dict' }>).v;
      if (a.size !== expected.v.size || [...expected.v.keys()].some((k) => !a.has(k))) return StepRewardCategory.ARGUMENT_OBJECT_KEYS_DIFFERENT;
      for (const [key, value] of expected.v) {
        const category = compareArguments(value, a.get(key) as PyJsonValue, opts);
        if (category) return category;
      }
      return undefined;
    }
    case 'list': {
      const a = (actual as Extract<PyJsonValue, { t: 'list' }>).v;
      if (a.length !== expected.v.length) return StepRewardCategory.ARGUMENT_LIST_LENGTH_DIFFERENT;
      for (let i = 0; i < a.length; i++) {
        const category = compareArguments(expected.v[i], a[i], opts);
        if (category) return category;
      }
      return undefined;
    }
    case 'float': {
      // Strict `<`, and NaN never matches (every comparison with NaN is false).
      const a = (actual as Extract<PyJsonValue, { t: 'float' }>).v;
      return Math.abs(a - expected.v) < opts.floating_point_comparison_threshold ? undefined : StepRewardCategory.ARGUMENT_VALUE_DIFFERENT;
    }
    case 'str': {
      const a = (actual as Extract<PyJsonValue, { t: 'str' }>).v;
      return stringsMatch(expected.v, a, opts.word_count_similarity_threshold) ? undefined : StepRewardCategory.ARGUMENT_VALUE_DIFFERENT;
    }
    default:
      return scalarEquals(expected, actual) ? undefined : StepRewardCategory.ARGUMENT_VALUE_DIFFERENT;
  }
}
