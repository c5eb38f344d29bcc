import { describe, expect, it } from 'vitest';
import { PyValueError, decimalDigitValue, pyFloat, pyFloatRepr, pyInt, pyIntBig, pyIntRepr, tryPyFloat } from '../src/index.ts';

describe('float(str)', () => {
  it.each([
    [' 1_000.5 ', 1000.5],
    ['١٢٣', 123],
    ['-iNfInItY', -Infinity],
    ['+inf', Infinity],
    ['1e500', Infinity],
    ['.5', 0.5],
    ['5.', 5],
    ['1.e2', 100],
    ['1.5e+3\n', 1500],
    ['\u20031\u2003', 1],
    ['1_0.2_5e1_0', 10.25e10],
    ['0.1', 0.1],
  ])('accepts %j', (s, v) => {
    expect(pyFloat(s)).toBe(v);
  });
  it('parses nan in any case and with a sign', () => {
    expect(Number.isNaN(pyFloat('NaN'))).toBe(true);
    expect(Number.isNaN(pyFloat('-nan'))).toBe(true);
  });
  it('keeps the sign of zero', () => {
    expect(Object.is(pyFloat('-0'), -0)).toBe(true);
  });
  it.each(['', ' ', '0x10', '1__0', '_1', '1_', 'in f', '1e', 'e5', '.', 'nan(1)', '\x1c1', '1 2', '++1', 'inf_', '1,5', 'Infinityy', '1\x00', '²'])(
    'rejects %j with ValueError (unlike JS Number)',
    (s) => {
      expect(() => pyFloat(s)).toThrow(PyValueError);
      expect(tryPyFloat(s)).toBeNull();
    },
  );
  it('words its error like Python, quoting with repr', () => {
    expect(() => pyFloat('0x10')).toThrow("could not convert string to float: '0x10'");
    expect(() => pyFloat('\x1c1')).toThrow("could not convert string to float: '\\x1c1'");
  });
  it('JS Number would accept what Python rejects (why this exists)', () => {
    expect(Number('')).toBe(0);
    expect(Number('0x10')).toBe(16);
  });
});

describe('int(str)', () => {
  it.each([
    [' -007 ', -7],
    ['1_000', 1000],
    ['١٢', 12],
    ['+5', 5],
    ['\u30001', 1],
    ['0', 0],
  ])('accepts %j', (s, v) => {
    expect(pyInt(s)).toBe(v);
  });
  it.each(['5.0', '', '0x10', '1__0', '-_1', '1_', '+-1', '1 2', 'a', '1e3', '²'])('rejects %j', (s) => {
    expect(() => pyInt(s)).toThrow(PyValueError);
  });
  it('is exact beyond 2^53 as a bigint', () => {
    expect(pyIntBig('123456789012345678901234567890')).toBe(123456789012345678901234567890n);
  });
  it('refuses more than 4300 digits like CPython', () => {
    expect(() => pyInt('1'.repeat(4301))).toThrow(/limit \(4300 digits\)/);
  });
  it('quotes the input in its error', () => {
    expect(() => pyInt('5.0')).toThrow("invalid literal for int() with base 10: '5.0'");
  });
});

describe('repr(float)', () => {
  it.each([
    [1, '1.0'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [123456789.123, '123456789.123'],
    [123456789.125, '123456789.125'],
    [11.2, '11.2'],
    [1.5e-7, '1.5e-07'],
    [1e-4, '0.0001'],
    [1e-5, '1e-05'],
    [-2.5e-7, '-2.5e-07'],
    [1.5e300, '1.5e+300'],
    [5e-324, '5e-324'],
    [2 ** 53, '9007199254740992.0'],
    [NaN, 'nan'],
    [-Infinity, '-inf'],
    [Infinity, 'inf'],
    [0, '0.0'],
    [-0, '-0.0'],
    [80, '80.0'],
  ])('repr(%s) is %j', (x, r) => {
    expect(pyFloatRepr(x)).toBe(r);
  });
  it('prints ints without an exponent', () => {
    expect(pyIntRepr(1e21)).toBe('1000000000000000000000');
    expect(String(1e21)).toBe('1e+21');
    expect(() => pyIntRepr(1.5)).toThrow(PyValueError);
  });
});

describe('decimal digit values', () => {
  it('reads digits of any script', () => {
    expect(decimalDigitValue('7')).toBe(7);
    expect(decimalDigitValue('٣')).toBe(3);
    expect(decimalDigitValue('𝟗')).toBe(9);
    expect(decimalDigitValue('x')).toBe(-1);
  });
});
