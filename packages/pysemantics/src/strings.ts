/**
 * Python `str` methods whose behaviour differs from the JS built-ins: Python
 * counts code points (JS counts UTF-16 units), and its notion of whitespace
 * (`str.isspace`, used by `strip()`, `split()`, `splitlines()` and regex `\s`)
 * is its own set of Unicode characters.
 */
import { PyValueError } from './errors.ts';

/** Every character for which Python's `str.isspace()` is true (Unicode 14). */
export const PY_WHITESPACE =
  '\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

/** The same set as a regex character-class body (for `u`-flag patterns). */
export const PY_WHITESPACE_CLASS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** Line boundaries of `str.splitlines()` (besides the `\r\n` pair). */
const LINE_BREAKS = new Set(['\n', '\r', '\u000b', '\f', '\u001c', '\u001d', '\u001e', '\u0085', '\u2028', '\u2029']);

const WHITESPACE_SET = new Set(PY_WHITESPACE);

/** `ch.isspace()` for a single character. */
export function isPySpace(ch: string): boolean {
  return WHITESPACE_SET.has(ch);
}

/** The code points of `s` (what Python indexes and counts). */
export function pyChars(s: string): string[] {
  return Array.from(s);
}

/** `len(s)`: the number of code points. */
export function pyLen(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** `s[start:end]` with Python's code-point indices, negative indices and clamping. */
export function pySlice(s: string, start?: number, end?: number): string {
  const chars = Array.from(s);
  const n = chars.length;
  const norm = (i: number | undefined, dflt: number) => {
    if (i === undefined) return dflt;
    if (i < 0) return Math.max(0, n + i);
    return Math.min(i, n);
  };
  const a = norm(start, 0);
  const b = norm(end, n);
  return a < b ? chars.slice(a, b).join('') : '';
}

function stripSet(chars: string | null | undefined): (ch: string) => boolean {
  if (chars === undefined || chars === null) return isPySpace;
  const set = new Set(Array.from(chars));
  return (ch) => set.has(ch);
}

/** `s.strip(chars)`; without `chars`, strips Python whitespace. */
export function pyStrip(s: string, chars?: string | null): string {
  return pyRstrip(pyLstrip(s, chars), chars);
}

/** `s.lstrip(chars)`. */
export function pyLstrip(s: string, chars?: string | null): string {
  const strip = stripSet(chars);
  const cps = Array.from(s);
  let i = 0;
  while (i < cps.length && strip(cps[i])) i++;
  return cps.slice(i).join('');
}

/** `s.rstrip(chars)`. */
export function pyRstrip(s: string, chars?: string | null): string {
  const strip = stripSet(chars);
  const cps = Array.from(s);
  let j = cps.length;
  while (j > 0 && strip(cps[j - 1])) j--;
  return cps.slice(0, j).join('');
}

/**
 * `s.split(sep, maxsplit)`. Without `sep`: split on runs of Python whitespace
 * and drop empty strings. With `sep`: split on every occurrence (empty `sep`
 * raises ValueError, as in Python).
 */
export function pySplit(s: string, sep?: string | null, maxsplit = -1): string[] {
  if (sep === undefined || sep === null) return splitWhitespace(s, maxsplit);
  if (sep === '') throw new PyValueError('empty separator');
  const out: string[] = [];
  let rest = s;
  while (maxsplit < 0 || out.length < maxsplit) {
    const at = rest.indexOf(sep);
    if (at < 0) break;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + sep.length);
  }
  out.push(rest);
  return out;
}

function splitWhitespace(s: string, maxsplit: number): string[] {
  const cps = Array.from(s);
  const out: string[] = [];
  let i = 0;
  while (i < cps.length) {
    while (i < cps.length && isPySpace(cps[i])) i++;
    if (i >= cps.length) break;
    if (maxsplit >= 0 && out.length === maxsplit) {
      // Python keeps the remainder as is, trailing whitespace included.
      out.push(cps.slice(i).join(''));
      break;
    }
    const start = i;
    while (i < cps.length && !isPySpace(cps[i])) i++;
    out.push(cps.slice(start, i).join(''));
  }
  return out;
}

/** `" ".join(s.split())`: collapse every whitespace run to one space and trim. */
export function pyCollapseWhitespace(s: string): string {
  return splitWhitespace(s, -1).join(' ');
}

/** `s.splitlines(keepends)`: Python's full set of line boundaries, no trailing empty line. */
export function pySplitlines(s: string, keepends = false): string[] {
  const out: string[] = [];
  let line = '';
  const cps = Array.from(s);
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i];
    if (!LINE_BREAKS.has(ch)) {
      line += ch;
      continue;
    }
    let end = ch;
    if (ch === '\r' && cps[i + 1] === '\n') {
      end = '\r\n';
      i++;
    }
    out.push(keepends ? line + end : line);
    line = '';
  }
  if (line !== '') out.push(line);
  return out;
}

/** `s.lower()` (full Unicode mapping, final sigma; JS implements the same rules). */
export function pyLower(s: string): string {
  return s.toLowerCase();
}

/** `s.upper()` (full Unicode mapping, e.g. `ß` → `SS`). */
export function pyUpper(s: string): string {
  return s.toUpperCase();
}

/** `s.isalpha()`: non-empty and every code point is a letter (categories L*). */
export function pyIsAlpha(s: string): boolean {
  return s.length > 0 && /^\p{L}+$/u.test(s);
}

/** `s.isdecimal()`: non-empty and every code point is a decimal digit (category Nd). */
export function pyIsDecimal(s: string): boolean {
  return s.length > 0 && /^\p{Nd}+$/u.test(s);
}

/** `s.isspace()`: non-empty and every code point is Python whitespace. */
export function pyIsSpace(s: string): boolean {
  return s.length > 0 && Array.from(s).every(isPySpace);
}

/** `repr(s)` of a str: single quotes unless only single quotes occur, Python's escapes for unprintables. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x7f) out += ch;
    else if (isPrintable(ch)) out += ch;
    else if (cp <= 0xff) out += `\\x${hex(cp, 2)}`;
    else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return out + quote;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** `str.isprintable()` for one character: not in categories C* or Z* (the ASCII space aside). */
function isPrintable(ch: string): boolean {
  return ch === ' ' || !/^[\p{C}\p{Z}]$/u.test(ch);
}
