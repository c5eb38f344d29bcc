import { describe, expect, it } from 'vitest';
import { PyValueError, SequenceMatcher, getCloseMatches, sequenceRatio } from '../src/index.ts';

// Expected values come from CPython 3.11 difflib.
describe('SequenceMatcher(None, a, b)', () => {
  it.each([
    ['abcd', 'bcde', 0.75],
    ['', '', 1.0],
    ['a', '', 0.0],
    ['hello world', 'hello there world', 0.7857142857142857],
    ['kitten', 'sitting', 0.6153846153846154],
  ])('ratio(%j, %j) = %s', (a, b, r) => {
    expect(sequenceRatio(a, b)).toBe(r);
  });
  it('returns matching blocks with the sentinel, like get_matching_blocks()', () => {
    expect(new SequenceMatcher('hello world', 'hello there world').getMatchingBlocks()).toEqual([
      { a: 0, b: 0, size: 6 },
      { a: 6, b: 12, size: 5 },
      { a: 11, b: 17, size: 0 },
    ]);
    expect(new SequenceMatcher('kitten', 'sitting').getMatchingBlocks()).toEqual([
      { a: 1, b: 1, size: 3 },
      { a: 5, b: 5, size: 1 },
      { a: 6, b: 7, size: 0 },
    ]);
  });
  it('applies autojunk to the second string once it has 200 items', () => {
    // 'x' is popular in b (250 > 250/100 + 1), so it cannot seed a match, yet identical strings still extend to 1.0.
    expect(sequenceRatio('x'.repeat(250), 'x'.repeat(250))).toBe(1.0);
    expect(sequenceRatio('ab'.repeat(150), 'ab'.repeat(120) + 'c')).toBe(0.8872458410351202);
    expect(sequenceRatio('abc'.repeat(80), 'abd'.repeat(80))).toBe(0.008333333333333333);
    // Without autojunk the same pair matches almost everything.
    expect(new SequenceMatcher('abc'.repeat(80), 'abd'.repeat(80), false).ratio()).toBeGreaterThan(0.6);
  });
  it('is not symmetric when autojunk applies to only one side', () => {
    const a = 'abc'.repeat(80);
    const b = 'abd'.repeat(30);
    expect(sequenceRatio(a, b)).not.toBe(sequenceRatio(b, a));
  });
  it('compares code points, not UTF-16 units', () => {
    expect(sequenceRatio('😀a', '😀b')).toBe(0.5);
  });
});

// Expected values come from CPython 3.11 difflib.get_close_matches.
describe('get_close_matches(word, possibilities, n, cutoff)', () => {
  it('keeps ratios at or above the cutoff, best first, at most n', () => {
    expect(getCloseMatches('policy_modle', ['policy_model', 'policy_model_2', 'judge_model', 'polcy'])).toEqual(['policy_model', 'policy_model_2']);
    expect(getCloseMatches('appel', ['ape', 'apple', 'peach', 'puppy'])).toEqual(['apple', 'ape']);
    expect(getCloseMatches('appel', ['ape', 'apple', 'peach', 'puppy'], 1)).toEqual(['apple']);
    expect(getCloseMatches('zzz', ['policy_model'])).toEqual([]);
    expect(getCloseMatches('tooling', ['tools'], 3, 0.7)).toEqual([]);
  });
  it('puts the larger string first on equal scores, comparing code points', () => {
    expect(getCloseMatches('ab', ['abc', 'abd', 'xab'])).toEqual(['xab', 'abd', 'abc']);
    expect(getCloseMatches('ab', ['ab\uffff', 'ab\u{1F600}'])).toEqual(['ab\u{1F600}', 'ab\uffff']);
  });
  it('raises ValueError on n <= 0 or a cutoff outside [0, 1]', () => {
    expect(() => getCloseMatches('a', ['a'], 0)).toThrow(PyValueError);
    expect(() => getCloseMatches('a', ['a'], 3, 1.5)).toThrow(PyValueError);
  });
});
