/** releaseNow: a long-lived typed array's memory is freed by young collections, without waiting for a full GC. */
import { describe, expect, it } from 'vitest';
import { releaseNow } from '../src/rollouts/release-memory.ts';

describe('releaseNow', () => {
  it('detaches the arrays and their memory is gone after a little allocation', () => {
    const arrays = [new Float64Array(2 << 20), new Uint32Array(2 << 20)];
    arrays[0][5] = 1;
    const kept = new Float64Array(16).fill(2);
    const before = process.memoryUsage().arrayBuffers;
    releaseNow(...arrays);
    expect(arrays.map((a) => a.length)).toEqual([0, 0]);
    expect([...kept]).toEqual(new Array(16).fill(2));
    let after = before;
    for (let round = 0; round < 200 && before - after < 20e6; round++) {
      let junk: object[] = [];
      for (let i = 0; i < 20_000; i++) junk.push({ i });
      junk = [];
      after = process.memoryUsage().arrayBuffers;
    }
    expect(before - after).toBeGreaterThan(20e6);
  });
});
