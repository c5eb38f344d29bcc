import { describe, expect, it } from 'vitest';
import { mergeConfigLayers } from '../src/index.ts';

describe('mergeConfigLayers (OmegaConf semantics)', () => {
  it('merges maps recursively, newer keys winning', () => {
    expect(mergeConfigLayers({ a: { x: 1, y: 2 }, b: 1 }, { a: { y: 3, z: 4 } })).toEqual({
      a: { x: 1, y: 3, z: 4 },
      b: 1,
    });
  });

  it('replaces lists whole', () => {
    expect(mergeConfigLayers({ l: [1, 2, 3] }, { l: [9] })).toEqual({ l: [9] });
  });

  it('lets the newer value win between a scalar and a map, both ways', () => {
    expect(mergeConfigLayers({ a: 1 }, { a: { b: 2 } })).toEqual({ a: { b: 2 } });
    expect(mergeConfigLayers({ a: { b: 2 } }, { a: 'flat' })).toEqual({ a: 'flat' });
  });

  it('lets null override', () => {
    expect(mergeConfigLayers({ a: { b: 1 } }, { a: null })).toEqual({ a: null });
  });

  it('never lets a newer ??? clobber an existing value, but keeps ??? for new keys', () => {
    expect(mergeConfigLayers({ a: 1, m: { k: 'v' } }, { a: '???', m: '???', n: '???' })).toEqual({
      a: 1,
      m: { k: 'v' },
      n: '???',
    });
    expect(mergeConfigLayers({ a: '???' }, { a: 5 })).toEqual({ a: 5 });
  });

  it('keeps interpolations raw', () => {
    expect(mergeConfigLayers({ a: 1 }, { a: '${b}' })).toEqual({ a: '${b}' });
  });

  it('does not mutate or alias its inputs', () => {
    const low = { a: { list: [1] } };
    const high = { a: { b: 2 } };
    const out = mergeConfigLayers(low, high);
    (out.a as { list: number[] }).list.push(2);
    expect(low).toEqual({ a: { list: [1] } });
    expect(high).toEqual({ a: { b: 2 } });
  });

  it('skips absent layers', () => {
    expect(mergeConfigLayers(undefined, { a: 1 }, null)).toEqual({ a: 1 });
  });
});
