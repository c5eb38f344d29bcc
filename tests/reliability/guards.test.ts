/**
 * The small guards the reliability guarantees rest on, checked directly: the JSON depth scan
 * (against the real depth of random JSON, strings full of brackets and escapes included), the
 * loopback test and exposure warning, the bearer check, and the shutdown grace a server takes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bearerMatches, exposureWarning, isLoopbackHost } from '@gym/config';
import { jsonNestsDeeperThan, shutdownGraceMs } from '@gym/server';

function depth(v: unknown): number {
  if (Array.isArray(v)) return 1 + Math.max(0, ...v.map(depth));
  if (v && typeof v === 'object') return 1 + Math.max(0, ...Object.values(v).map(depth));
  return 0;
}

const trickyString = fc.oneof(fc.string(), fc.constantFrom('[', ']', '{', '}', '\\', '"', '\\"[', '{"a":[', '\\\\', '\u2028'));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, trickyString, fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(trickyString, tie('value'), { maxKeys: 3 }),
})).value;

describe('jsonNestsDeeperThan', () => {
  it('agrees with the real nesting depth of any JSON text', () => {
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 8 }), fc.boolean(), (v, limit, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined);
        expect(jsonNestsDeeperThan(text, limit)).toBe(depth(v) > limit);
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});

describe('exposure', () => {
  it('knows which addresses only this machine can reach', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.7', '192.168.1.2', 'gpu-node-3', '128.0.0.1', '127.0.0.1.evil.com']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('warns about exposed binds only when no token guards them, naming each', () => {
    const binds = [
      { name: 'head server', host: '127.0.0.1' },
      { name: 'my_agent', host: '0.0.0.0' },
    ];
    expect(exposureWarning({}, binds)).toMatch(/^Warning: my_agent \(0\.0\.0\.0\) binds an address other machines can reach, and no auth_token is set/);
    expect(exposureWarning({ auth_token: 't0ken' }, binds)).toBeUndefined();
    expect(exposureWarning({ auth_token: '****' }, binds)).toMatch(/Warning/);
    expect(exposureWarning({}, [binds[0]])).toBeUndefined();
  });

  it('accepts exactly `Bearer <token>`', () => {
    expect(bearerMatches('Bearer abc', 'abc')).toBe(true);
    for (const header of ['Bearer abcd', 'Bearer ab', 'bearer abc', 'abc', 'Bearer  abc', '', undefined, ['Bearer abc']]) {
      expect(bearerMatches(header as string | undefined, 'abc'), JSON.stringify(header)).toBe(false);
    }
  });
});

describe('shutdown grace of a server', () => {
  it("ends half a second before the launcher's SIGKILL, from shutdown_grace_seconds", () => {
    expect(shutdownGraceMs({}, {})).toBe(9500);
    expect(shutdownGraceMs({ shutdown_grace_seconds: 2 }, {})).toBe(1500);
    expect(shutdownGraceMs({ shutdown_grace_seconds: 0 }, {})).toBe(0);
    expect(shutdownGraceMs({ shutdown_grace_seconds: 'soon' }, {})).toBe(9500);
    expect(shutdownGraceMs({ shutdown_grace_seconds: 2 }, { GYM_SHUTDOWN_GRACE_MS: '300' })).toBe(300);
  });
});
