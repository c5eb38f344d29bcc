/**
 * Python's `==`, `in`, `[]` and truthiness on JSON-shaped values. JSON
 * values map to Python types as: null → None, boolean → bool, number → int
 * (integral) or float, PyFloat → float, bigint → int, string → str, array →
 * list, plain object → dict.
 */
import { PyKeyError, PyTypeError } from './errors.ts';
import { PyFloat } from './json.ts';
import { pyRepr } from './repr.ts';

/** Python type name of a JSON-shaped value, as used in error messages. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof PyFloat) return 'float';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  return 'dict';
}

/** True for a value Python would see as a dict. */
export function isPyDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PyFloat);
}

/** The numeric value of a bool/int/float (bool is an int subclass in Python), else undefined. */
export function pyNumericValue(v: unknown): number | bigint | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (v instanceof PyFloat) return v.value;
  return undefined;
}

/** `float(v)`-free arithmetic operand: the number behind a bool/int/float, or TypeError like `1 + "a"`. */
export function pyNumber(v: unknown, op = '+'): number {
  const n = pyNumericValue(v);
  if (n === undefined) throw new PyTypeError(`unsupported operand type(s) for ${op}: 'int' and '${pyTypeName(v)}'`);
  return Number(n);
}

function numbersEqual(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a === b;
  const [big, num] = typeof a === 'bigint' ? [a, b as number] : [b as bigint, a as number];
  return Number.isInteger(num) && BigInt(num) === big;
}

/**
 * Python `a == b`: `1 == 1.0 == True`, `0 == False`, `"14" != 14`, dicts
 * compare without regard to key order, lists in order, NaN is unequal to
 * itself at the top level.
 */
export function pyEquals(a: unknown, b: unknown): boolean {
  const na = pyNumericValue(a);
  const nb = pyNumericValue(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && numbersEqual(na, nb);
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameOrEqual(x, b[i]));
  }
  if (isPyDict(a) && isPyDict(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && sameOrEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Containers compare items with `x is y or x == y`. Python's json module
 * returns one shared NaN object, so NaNs from JSON are equal inside a list or dict.
 */
function sameOrEqual(x: unknown, y: unknown): boolean {
  const isNaNValue = (v: unknown) => (typeof v === 'number' && Number.isNaN(v)) || (v instanceof PyFloat && Number.isNaN(v.value));
  if (isNaNValue(x) && isNaNValue(y)) return true;
  return pyEquals(x, y);
}

/** Python truthiness: None, False, 0, "", [] and {} are false. */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  const n = pyNumericValue(v);
  if (n !== undefined) return typeof n === 'bigint' ? n !== 0n : n !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  return Object.keys(v as object).length > 0;
}

/** Python `item in container` (dict keys, list items, substrings); TypeError where Python raises it. */
export function pyIn(item: unknown, container: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw new PyTypeError(`'in <string>' requires string as left operand, not ${pyTypeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => sameOrEqual(x, item));
  if (isPyDict(container)) {
    if (Array.isArray(item) || isPyDict(item)) throw new PyTypeError(`unhashable type: '${pyTypeName(item)}'`);
    return Object.keys(container).some((k) => pyEquals(k, item));
  }
  throw new PyTypeError(`argument of type '${pyTypeName(container)}' is not iterable`);
}

/** Python `container[key]` for a str key on a dict (KeyError if absent); TypeError on lists and strings. */
export function pyGetItem(container: unknown, key: string): unknown {
  if (isPyDict(container)) {
    if (!Object.hasOwn(container, key)) throw new PyKeyError(pyRepr(key));
    return container[key];
  }
  if (Array.isArray(container)) throw new PyTypeError('list indices must be integers or slices, not str');
  if (typeof container === 'string') throw new PyTypeError('string indices must be integers');
  throw new PyTypeError(`'${pyTypeName(container)}' object is not subscriptable`);
}

/** The key Python's set would hash a value under (`1`, `1.0` and `True` share one); lists and dicts are unhashable. */
function pyHashKey(v: unknown): string {
  const n = pyNumericValue(v);
  if (n !== undefined) return typeof n === 'number' && Number.isInteger(n) ? `n:${BigInt(n)}` : `n:${n}`;
  if (typeof v === 'string') return `s:${v}`;
  if (v === null || v === undefined) return 'none';
  throw new PyTypeError(`unhashable type: '${pyTypeName(v)}'`);
}

/** `set(a) & set(b)`: the distinct items of `a` that are also in `b`, in first-seen order (a Python set has none). */
export function pySetIntersection(a: readonly unknown[], b: readonly unknown[]): unknown[] {
  const seen = new Set<string>();
  const left: unknown[] = [];
  for (const x of a) {
    const key = pyHashKey(x);
    if (!seen.has(key)) {
      seen.add(key);
      left.push(x);
    }
  }
  const right = new Set(b.map(pyHashKey));
  return left.filter((x) => right.has(pyHashKey(x)));
}
