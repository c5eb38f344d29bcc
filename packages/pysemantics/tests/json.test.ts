import { describe, expect, it } from 'vitest';
import { PyFloat, PyJsonDecodeError, pyJsonLoads, pyStr, tryPyJsonLoads } from '../src/index.ts';

describe('json.loads', () => {
  it('parses what JSON.parse parses', () => {
    const text = '{"a": [1, 2.5, "x", null, true, false, {"b": "\\u00e9\\n"}], "c": -0.0}';
    expect(pyJsonLoads(text)).toEqual(JSON.parse(text));
  });
  it('accepts NaN, Infinity and -Infinity like Python', () => {
    const v = pyJsonLoads('[NaN, Infinity, -Infinity]') as number[];
    expect(Number.isNaN(v[0])).toBe(true);
    expect(v.slice(1)).toEqual([Infinity, -Infinity]);
  });
  it('keeps floats apart from ints when asked, so str() prints 0.0', () => {
    const v = pyJsonLoads('{"id": 0.0, "n": 0, "e": 1e2, "neg": -0}', { floats: 'pyfloat' }) as Record<string, unknown>;
    expect(v.id).toBeInstanceOf(PyFloat);
    expect(pyStr(v.id)).toBe('0.0');
    expect(pyStr(v.n)).toBe('0');
    expect(pyStr(v.e)).toBe('100.0');
    expect(pyStr(v.neg)).toBe('0');
  });
  it('keeps the last value of a duplicate key, and "__proto__" as a plain key', () => {
    const v = pyJsonLoads('{"a": 1, "a": 2, "__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(v.a).toBe(2);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['a', '__proto__']);
  });
  it.each(['', 'nan', "{'a': 1}", '[1,]', '{"a":1,}', '01', '1 2', '"\t"', '"\\x"', '\ufeff1', '-', '{"a" 1}', 'tru', '"abc'])(
    'raises JSONDecodeError on %j',
    (text) => {
      expect(() => pyJsonLoads(text)).toThrow(PyJsonDecodeError);
      expect(tryPyJsonLoads(text, 'fallback')).toBe('fallback');
    },
  );
  it('allows surrounding JSON whitespace only', () => {
    expect(pyJsonLoads(' \n\t1\r ')).toBe(1);
    expect(() => pyJsonLoads('\u00a01')).toThrow(PyJsonDecodeError);
  });
  it('joins surrogate pairs and keeps lone surrogates', () => {
    expect(pyJsonLoads('"\\ud83d\\ude00"')).toBe('😀');
    expect(pyJsonLoads('"\\ud800"')).toBe('\ud800');
  });
});
