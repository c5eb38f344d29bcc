import { describe, expect, it } from 'vitest';
import { getCloseMatches, similarityRatio } from '../src/index.ts';

// Expected values computed with Python's difflib, which the reference uses.
describe('difflib-compatible similarity', () => {
  it.each([
    ['policy_modle', 'policy_model', 0.9166666666666666],
    ['math_resources', 'math_resource_server', 0.8235294117647058],
    ['abcd', 'bcde', 0.75],
    ['judge', 'policy_model', 0.23529411764705882],
    ['tooling', 'tools', 0.6666666666666666],
  ])('ratio(%s, %s)', (a, b, expected) => {
    expect(similarityRatio(a, b)).toBeCloseTo(expected, 12);
  });

  it('matches get_close_matches ordering and cutoff', () => {
    expect(getCloseMatches('policy_modle', ['policy_model', 'policy_model_2', 'judge_model', 'polcy'])).toEqual([
      'policy_model',
      'policy_model_2',
    ]);
    expect(getCloseMatches('ab', ['abc', 'abd', 'xab'])).toEqual(['xab', 'abd', 'abc']);
    expect(getCloseMatches('zzz', ['policy_model'])).toEqual([]);
  });
});
