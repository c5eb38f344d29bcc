/**
 * Python's `float(str)`, `int(str)` and `repr(float)`. They differ from JS
 * `Number()` in what they accept (underscores, `inf`/`nan` words, any Unicode
 * decimal digit; no hex, no empty string) and in how a float prints
 * (`1.0`, `1e-05`, `1e+16`).
 */
import { PyValueError } from './errors.ts';
import { isPySpace, pyStrRepr } from './strings.ts';

/** Digit value of a Unicode decimal digit (category Nd), or -1. */
export function decimalDigitValue(ch: string): number {
  if (!/^\p{Nd}$/u.test(ch)) return -1;
  // Unicode encodes every Nd digit in a contiguous 0..9 run, so the value is the offset in its run.
  let cp = ch.codePointAt(0)!;
  let offset = 0;
  while (/^\p{Nd}$/u.test(String.fromCodePoint(cp - 1))) {
    cp--;
    offset++;
  }
  return offset % 10;
}

/**
 * CPython's first step for `float()`/`int()` on a str: non-ASCII whitespace
 * becomes a space, non-ASCII decimal digits become ASCII digits, and any other
 * non-ASCII character makes the conversion fail (returns null).
 */
function toAsciiNumeric(s: string): string | null {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 127) out += ch;
    else if (isPySpace(ch)) out += ' ';
    else {
      const d = decimalDigitValue(ch);
      if (d < 0) return null;
      out += String(d);
    }
  }
  return out;
}

const isAsciiDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
/** C `isspace` in the "C" locale: what CPython trims around a number. */
const isCSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\u000b' || c === '\f' || c === '\r';

/** Remove underscores that sit between two digits; null if any other underscore is present. */
function removeDigitUnderscores(s: string): string | null {
  if (!s.includes('_')) return s;
  let out = '';
  let prev = '';
  for (const c of s) {
    if (c === '_') {
      if (!isAsciiDigit(prev)) return null;
    } else {
      if (prev === '_' && !isAsciiDigit(c)) return null;
      out += c;
    }
    prev = c;
  }
  return prev === '_' ? null : out;
}

function trimCSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isCSpace(s[a])) a++;
  while (b > a && isCSpace(s[b - 1])) b--;
  return s.slice(a, b);
}

const FLOAT_SYNTAX = /^[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)$/;
const INF_NAN_SYNTAX = /^([+-]?)(inf|infinity|nan)$/i;

function floatError(s: string): PyValueError {
  return new PyValueError(`could not convert string to float: ${pyStrRepr(s)}`);
}

/**
 * `float(s)` for a str: surrounding whitespace, a sign, `_` between digits,
 * exponents, `inf`/`infinity`/`nan` in any case and Unicode digits are
 * accepted; `""`, hex and anything else raise ValueError.
 */
export function pyFloat(s: string): number {
  const ascii = toAsciiNumeric(s);
  if (ascii === null || ascii.includes('\0')) throw floatError(s);
  const cleaned = removeDigitUnderscores(ascii);
  if (cleaned === null) throw floatError(s);
  const body = trimCSpace(cleaned);
  const special = INF_NAN_SYNTAX.exec(body);
  if (special) {
    if (special[2].toLowerCase() === 'nan') return NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (!FLOAT_SYNTAX.test(body)) throw floatError(s);
  return Number(body);
}

/** Like pyFloat, but returns null instead of raising. */
export function tryPyFloat(s: string): number | null {
  try {
    return pyFloat(s);
  } catch {
    return null;
  }
}

/** CPython's default limit on the digits of a str → int conversion. */
export const PY_INT_MAX_STR_DIGITS = 4300;

/**
 * `int(s)` for a str in base 10, as a bigint: whitespace around, one sign,
 * `_` between digits and Unicode digits are accepted; leading zeros are fine.
 */
export function pyIntBig(s: string): bigint {
  const fail = () => new PyValueError(`invalid literal for int() with base 10: ${pyStrRepr(s)}`);
  const ascii = toAsciiNumeric(s);
  if (ascii === null) throw fail();
  const m = /^[ \t\n\u000b\f\r]*([+-]?)([0-9](?:_?[0-9])*)[ \t\n\u000b\f\r]*$/.exec(ascii);
  if (!m) throw fail();
  const digits = m[2].replace(/_/g, '');
  if (digits.length > PY_INT_MAX_STR_DIGITS) {
    throw new PyValueError(`Exceeds the limit (${PY_INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits.length} digits`);
  }
  const v = BigInt(digits);
  return m[1] === '-' ? -v : v;
}

/** `int(s)` for a str in base 10, as a number (exact up to 2^53). */
export function pyInt(s: string): number {
  return Number(pyIntBig(s));
}

/** `repr(x)` / `str(x)` of a Python float: shortest round-trip digits, `.0` on integers, exponent outside 1e-4..1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, expPart] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const decpt = Number(expPart) + 1;
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const exp = decpt - 1;
  const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${head}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** `str(n)` of a Python int held in a JS number (no exponent form, unlike `String(1e21)`). */
export function pyIntRepr(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  if (!Number.isInteger(n)) throw new PyValueError(`not an integer: ${n}`);
  return BigInt(n).toString();
}
