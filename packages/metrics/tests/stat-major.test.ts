import { describe, expect, it } from 'vitest';
import { statMajor } from '../src/index.ts';

describe('statMajor std (pandas rules)', () => {
  it('has no std for a column with one value in a multi-row group', () => {
    const out = statMajor(['reward', 'bonus'], [{ reward: 1, bonus: 2 }, { reward: 0 }]);
    expect(out['std/reward']).toBeCloseTo(Math.SQRT1_2, 12);
    expect(out['mean/bonus']).toBe(2);
    expect('std/bonus' in out).toBe(false);
  });
  it('gives 0 to complete columns when no column has a std (a single-row group)', () => {
    const out = statMajor(['reward', 'bonus'], [{ reward: 1 }]);
    expect(out['std/reward']).toBe(0);
    expect('mean/bonus' in out).toBe(false);
    expect('std/bonus' in out).toBe(false);
  });
});
