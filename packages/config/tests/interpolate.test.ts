import { describe, expect, it } from 'vitest';
import { resolveInterpolations } from '../src/index.ts';
import { errorFrom } from './helpers.ts';

describe('interpolation', () => {
  it('resolves ${a.b}, keeping the type of a whole-string reference', () => {
    const out = resolveInterpolations({ s: { port: 8000, block: { k: 1 } }, p: '${s.port}', b: '${s.block}' }, {});
    expect(out.p).toBe(8000);
    expect(out.b).toEqual({ k: 1 });
  });

  it('embeds values inside larger strings', () => {
    const out = resolveInterpolations({ host: 'h', port: 1, url: 'http://${host}:${port}/v1' }, {});
    expect(out.url).toBe('http://h:1/v1');
  });

  it('reads oc.env with and without a default', () => {
    const tree = { a: '${oc.env:GYM_T_SET}', b: '${oc.env:GYM_T_UNSET,fallback}', c: '${oc.env:GYM_T_UNSET,null}' };
    expect(resolveInterpolations(tree, { GYM_T_SET: 'yes' })).toEqual({ a: 'yes', b: 'fallback', c: null });
  });

  it('explains an unset environment variable without a default', async () => {
    const error = await errorFrom(() => resolveInterpolations({ k: { v: '${oc.env:GYM_T_NOPE}' } }, {}));
    expect(error.message).toContain("Config value 'k.v' reads environment variable 'GYM_T_NOPE'");
  });

  it('oc.select falls back to a nested default only when the key is missing', () => {
    const tree = {
      policy_base_url: 'http://policy',
      judge: { url: '${oc.select:judge_base_url,${policy_base_url}}', n: '${oc.select:missing.n,3}' },
      set: { judge_base_url: 'http://judge', url: '${oc.select:set.judge_base_url,${policy_base_url}}' },
      none: '${oc.select:nothing}',
    };
    const out = resolveInterpolations(tree, {});
    expect(out.judge).toEqual({ url: 'http://policy', n: 3 });
    expect((out.set as { url: string }).url).toBe('http://judge');
    expect(out.none).toBeNull();
  });

  it('does not evaluate an unused default (it may reference absent keys)', () => {
    const out = resolveInterpolations({ a: 1, b: '${oc.select:a,${not_there}}' }, {});
    expect(out.b).toBe(1);
  });

  it('follows references through interpolated blocks and relative keys', () => {
    const tree = { generic: { port: 5 }, alias: '${generic}', p: '${alias.port}', rel: { x: 1, y: '${.x}' } };
    const out = resolveInterpolations(tree, {});
    expect(out.p).toBe(5);
    expect(out.rel).toEqual({ x: 1, y: 1 });
  });

  it('gives copies, so writing into one resolved block does not change another', () => {
    const out = resolveInterpolations({ a: { port: 1 }, b: '${a}' }, {});
    (out.b as { port: number }).port = 2;
    expect(out.a).toEqual({ port: 1 });
  });

  it('supports list indices and escaped literals', () => {
    const out = resolveInterpolations({ l: [10, 20], v: '${l[1]}', w: '${l.0}', lit: 'cost: \\${x}' }, {});
    expect(out).toMatchObject({ v: 20, w: 10, lit: 'cost: ${x}' });
  });

  it('names the full key and the missing key, with a ++ example', async () => {
    const error = await errorFrom(() =>
      resolveInterpolations({ policy_model: { m: { base_url: '${policy_base_url}' } } }, {}),
    );
    expect(error.code).toBe('GYM_CONFIG_INTERPOLATION');
    expect(error.message).toContain(
      "Config value 'policy_model.m.base_url' references 'policy_base_url', which is not set after merging.",
    );
    expect(error.message).toContain('++policy_base_url=<value>');
  });

  it('detects cycles, direct and through blocks', async () => {
    const direct = await errorFrom(() => resolveInterpolations({ a: '${b}', b: '${a}' }, {}));
    expect(direct.message).toContain('cycle: a -> b -> a');
    const viaBlock = await errorFrom(() => resolveInterpolations({ a: { x: '${a}' } }, {}));
    expect(viaBlock.message).toContain('cycle');
  });

  it('rejects unknown resolvers and malformed interpolations', async () => {
    expect((await errorFrom(() => resolveInterpolations({ a: '${oc.decode:1}' }, {}))).message).toContain(
      "uses the resolver 'oc.decode'",
    );
    expect((await errorFrom(() => resolveInterpolations({ a: 'x ${b' }, {}))).message).toContain('malformed');
  });
});
