import { describe, expect, it } from 'vitest';
import { PyJsonDecodeError, isPyJson, pyJsonLoads, pyJsonParse } from '../src/index.ts';

describe('json.loads as a typed tree', () => {
  it('keeps ints (any size, as bigint) apart from floats', () => {
    expect(pyJsonParse('[2, 2.0, 1e2, -0, 123456789012345678901234567890]')).toEqual({
      t: 'list',
      v: [
        { t: 'int', v: 2n },
        { t: 'float', v: 2 },
        { t: 'float', v: 100 },
        { t: 'int', v: 0n },
        { t: 'int', v: 123456789012345678901234567890n },
      ],
    });
  });
  it('reads NaN and ±Infinity as floats, and null, booleans and strings as such', () => {
    const v = pyJsonParse('[NaN, Infinity, -Infinity, null, true, false, "a\\u00e9"]');
    expect(v).toEqual({
      t: 'list',
      v: [{ t: 'float', v: NaN }, { t: 'float', v: Infinity }, { t: 'float', v: -Infinity }, { t: 'null' }, { t: 'bool', v: true }, { t: 'bool', v: false }, { t: 'str', v: 'aé' }],
    });
  });
  it('resolves a duplicate key as a Python dict: first position, last value', () => {
    const v = pyJsonParse('{"a": 1, "b": 2, "a": 3}');
    expect(v.t === 'dict' && [...v.v]).toEqual([
      ['a', { t: 'int', v: 3n }],
      ['b', { t: 'int', v: 2n }],
    ]);
  });
  it.each([
    ['', 'Expecting value: char 0'],
    ['{"a": 1,}', 'Expecting property name enclosed in double quotes: char 8'],
    ['[1 2]', "Expecting ',' delimiter: char 3"],
    ['"abc\\', 'Unterminated string starting at: char 0'],
    ['"\\u12"', 'Invalid \\uXXXX escape: char 2'],
    ['\ufeff{}', 'Unexpected UTF-8 BOM (decode using utf-8-sig): char 0'],
    ['1 2', 'Extra data: char 2'],
  ])('raises JSONDecodeError on %j (%s)', (text, message) => {
    expect(() => pyJsonParse(text)).toThrow(PyJsonDecodeError);
    expect(() => pyJsonParse(text)).toThrow(message);
    expect(isPyJson(text)).toBe(false);
  });
  it('isPyJson accepts what Python accepts', () => {
    expect(isPyJson(' {"x": [NaN]} ')).toBe(true);
  });
  it('json.loads gives the int 0 for -0, as Python has no negative zero int', () => {
    expect(Object.is(pyJsonLoads('-0'), 0)).toBe(true);
    expect(Object.is(pyJsonLoads('-0.0'), -0)).toBe(true);
  });
});
