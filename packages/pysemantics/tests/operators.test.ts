import { describe, expect, it } from 'vitest';
import { PyFloat, PyKeyError, PyTypeError, pyEquals, pyGetItem, pyIn, pyJsonLoads, pyNumber, pyRepr, pySetIntersection, pyStr, pyTruthy, pyTypeName } from '../src/index.ts';

describe('pyEquals (Python ==)', () => {
  it.each([
    [1, 1.0, true],
    [true, 1, true],
    [false, 0, true],
    [true, 1.0, true],
    [new PyFloat(2), 2, true],
    [2n, 2, true],
    [2n ** 60n, 2 ** 60, true],
    [2n ** 60n + 1n, 2 ** 60, false],
    ['14', 14, false],
    ['a', 'a', true],
    [null, null, true],
    [null, 0, false],
    [null, false, false],
    ['', false, false],
    [0, 0.5, false],
    [[1, 2], [1, 2], true],
    [[1, 2], [2, 1], false],
    [[1], [1, 1], false],
    [{ a: 1, b: [true] }, { b: [1.0], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: 1 }, { b: 1 }, false],
    [{}, [], false],
    [[], [], true],
    [{ a: '1' }, { a: 1 }, false],
  ])('%o == %o is %s', (a, b, expected) => {
    expect(pyEquals(a, b)).toBe(expected);
    expect(pyEquals(b, a)).toBe(expected);
  });
  it('NaN is unequal to itself at the top level but JSON NaNs are equal inside containers (one shared object in Python)', () => {
    expect(pyEquals(NaN, NaN)).toBe(false);
    expect(pyEquals(pyJsonLoads('[NaN]'), pyJsonLoads('[NaN]'))).toBe(true);
    expect(pyEquals(pyJsonLoads('{"x": NaN}'), pyJsonLoads('{"x": NaN}'))).toBe(true);
  });
});

describe('in, [] and truthiness', () => {
  it('tests dict keys, list items and substrings', () => {
    expect(pyIn('a', { a: 1 })).toBe(true);
    expect(pyIn('b', { a: 1 })).toBe(false);
    expect(pyIn(1, [1.0, 2])).toBe(true);
    expect(pyIn('city', 'the city')).toBe(true);
  });
  it('raises TypeError where Python does', () => {
    expect(() => pyIn('a', 5)).toThrow(PyTypeError);
    expect(() => pyIn('a', null)).toThrow("argument of type 'NoneType' is not iterable");
    expect(() => pyIn(1, 'abc')).toThrow("'in <string>' requires string as left operand, not int");
    expect(() => pyIn([1], { a: 1 })).toThrow("unhashable type: 'list'");
  });
  it('indexes dicts by key and refuses str indices on lists and strings', () => {
    expect(pyGetItem({ a: 1 }, 'a')).toBe(1);
    expect(() => pyGetItem({ a: 1 }, 'b')).toThrow(PyKeyError);
    expect(() => pyGetItem(['a'], 'a')).toThrow('list indices must be integers or slices, not str');
    expect(() => pyGetItem('abc', 'a')).toThrow('string indices must be integers');
    expect(() => pyGetItem(3, 'a')).toThrow("'int' object is not subscriptable");
  });
  it('follows Python truthiness', () => {
    for (const v of [null, undefined, false, 0, 0n, '', [], {}, new PyFloat(0)]) expect(pyTruthy(v)).toBe(false);
    for (const v of [true, 1, -1, 'a', [0], { a: 0 }, NaN]) expect(pyTruthy(v)).toBe(true);
  });
  it('does arithmetic only on bool/int/float', () => {
    expect(pyNumber(true)).toBe(1);
    expect(pyNumber(new PyFloat(2.5))).toBe(2.5);
    expect(() => pyNumber('60')).toThrow("unsupported operand type(s) for +: 'int' and 'str'");
    expect(() => pyNumber(null)).toThrow(PyTypeError);
  });
  it('names types like Python', () => {
    expect([null, true, 1, 1.5, new PyFloat(1), 'a', [], {}].map(pyTypeName)).toEqual(['NoneType', 'bool', 'int', 'float', 'float', 'str', 'list', 'dict']);
  });
});

describe('str() and repr() of values', () => {
  it('prints like Python', () => {
    expect(pyStr([1, new PyFloat(1), true, null, 'a', { k: [2.5] }])).toBe("[1, 1.0, True, None, 'a', {'k': [2.5]}]");
    expect(pyStr('plain')).toBe('plain');
    expect(pyRepr('plain')).toBe("'plain'");
    expect(pyStr(1e21)).toBe('1000000000000000000000');
    expect(pyStr(0.5)).toBe('0.5');
    expect(pyStr(12345678901234567890n)).toBe('12345678901234567890');
  });
});

describe('set(a) & set(b)', () => {
  it('hashes 1, 1.0 and True alike and counts each distinct item once', () => {
    expect(pySetIntersection([1, 1, 2, 3], [3, 1.0, 5])).toEqual([1, 3]);
    expect(pySetIntersection([true, 'a', null], [1, 'a', null])).toEqual([true, 'a', null]);
    expect(pySetIntersection([2n ** 60n], [2 ** 60])).toHaveLength(1);
    expect(pySetIntersection(['1'], [1])).toEqual([]);
    expect(pySetIntersection([], [1])).toEqual([]);
  });
  it('raises TypeError for a list or dict item, as set() does', () => {
    expect(() => pySetIntersection([[1]], [1])).toThrow("unhashable type: 'list'");
    expect(() => pySetIntersection([1], [{ a: 1 }])).toThrow(PyTypeError);
  });
});
