import { describe, expect, it } from 'vitest';
import { ConfigError, parseCliOverrides, parseOverrideValue } from '../src/index.ts';
import { errorFrom } from './helpers.ts';

describe('CLI override grammar', () => {
  it('adds nested keys with + and creates parents', () => {
    expect(parseCliOverrides(['+a.b.c=1', '+a.d=x'])).toEqual({ a: { b: { c: 1 }, d: 'x' } });
  });

  it('types values like Hydra', () => {
    expect(parseOverrideValue('42')).toBe(42);
    expect(parseOverrideValue('-7')).toBe(-7);
    expect(parseOverrideValue('1_000')).toBe(1000);
    expect(parseOverrideValue('0.5')).toBe(0.5);
    expect(parseOverrideValue('1e3')).toBe(1000);
    expect(parseOverrideValue('true')).toBe(true);
    expect(parseOverrideValue('False')).toBe(false);
    expect(parseOverrideValue('TRUE')).toBe(true);
    expect(parseOverrideValue('null')).toBeNull();
    expect(parseOverrideValue('hello world')).toBe('hello world');
    expect(parseOverrideValue('1.2.3')).toBe('1.2.3');
    expect(parseOverrideValue('')).toBe('');
  });

  it('keeps quoted values as strings', () => {
    expect(parseOverrideValue("'5'")).toBe('5');
    expect(parseOverrideValue('"true"')).toBe('true');
    expect(parseOverrideValue("'a,b'")).toBe('a,b');
    expect(parseOverrideValue("'it\\'s'")).toBe("it's");
  });

  it('parses lists and maps, nested, with typed elements', () => {
    expect(parseOverrideValue('[a, 2, true, null, "x,y"]')).toEqual(['a', 2, true, null, 'x,y']);
    expect(parseOverrideValue('[]')).toEqual([]);
    expect(parseOverrideValue('{k: v, n: 1.5, l: [1, {z: 0}]}')).toEqual({ k: 'v', n: 1.5, l: [1, { z: 0 }] });
    expect(parseOverrideValue('{}')).toEqual({});
  });

  it('leaves ${…} raw, even with commas and braces inside lists', () => {
    expect(parseOverrideValue('${oc.select:judge_base_url,${policy_base_url}}')).toBe(
      '${oc.select:judge_base_url,${policy_base_url}}',
    );
    expect(parseOverrideValue('[${a.b}, ${oc.env:X,1}]')).toEqual(['${a.b}', '${oc.env:X,1}']);
    expect(parseOverrideValue('${port}')).toBe('${port}');
  });

  it('keeps URLs and colons in unquoted strings', () => {
    expect(parseCliOverrides(['++policy_base_url=http://localhost:8000/v1'])).toEqual({
      policy_base_url: 'http://localhost:8000/v1',
    });
  });

  it('parses the config_paths list the CLI builds', () => {
    expect(parseCliOverrides(['+config_paths=[a.yaml,dir/b.yaml]'])).toEqual({ config_paths: ['a.yaml', 'dir/b.yaml'] });
  });

  it('rejects a duplicate + add and points at ++', async () => {
    const error = await errorFrom(() => parseCliOverrides(['+a.b=1', '+a.b=2']));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe('GYM_CONFIG_BAD_OVERRIDE');
    expect(error.message).toContain("adds 'a.b', which an earlier override already set");
    expect(error.message).toContain('++a.b=');
  });

  it('lets ++ override, merging maps like Hydra', () => {
    expect(parseCliOverrides(['+a=1', '++a=2'])).toEqual({ a: 2 });
    expect(parseCliOverrides(['+m={x: 1}', '++m={y: 2}'])).toEqual({ m: { x: 1, y: 2 } });
    expect(parseCliOverrides(['++fresh.key=[1]'])).toEqual({ fresh: { key: [1] } });
  });

  it('rejects a plain key=value and suggests ++', async () => {
    const error = await errorFrom(() => parseCliOverrides(['a.b=1']));
    expect(error.code).toBe('GYM_CONFIG_BAD_OVERRIDE');
    expect(error.message).toContain("Use '++a.b=1'");
  });

  it('rejects words that are not overrides, naming the word', async () => {
    const error = await errorFrom(() => parseCliOverrides(['+a=1', '--verbose']));
    expect(error.message).toContain("'--verbose' is not a config override");
  });

  it('rejects setting a key under a scalar', async () => {
    const error = await errorFrom(() => parseCliOverrides(['+a=1', '++a.b=2']));
    expect(error.message).toContain("'a' already holds a non-mapping value");
  });

  it('explains an unquoted top-level comma instead of guessing', async () => {
    const error = await errorFrom(() => parseCliOverrides(['+keys=a,b']));
    expect(error.message).toContain('keys=[a,b]');
    expect(error.message).toContain("keys='a,b'");
  });

  it('reports malformed lists and maps', async () => {
    expect((await errorFrom(() => parseOverrideValue('[a, b'))).message).toContain("missing closing ']'");
    expect((await errorFrom(() => parseOverrideValue('{a 1}'))).message).toContain("expected ':'");
    expect((await errorFrom(() => parseOverrideValue("'open"))).message).toContain("missing closing '");
  });
});
