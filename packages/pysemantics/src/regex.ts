/**
 * Python `re` functions (search, match, fullmatch, findall, finditer, sub,
 * split) over patterns written in Python syntax. Patterns are translated once
 * (see regex-translate.ts) and cached.
 */
import { PyRegexError } from './errors.ts';
import { translatePyRegex, type PyRegexFlags, type TranslatedPattern } from './regex-translate.ts';

export type { PyRegexFlags } from './regex-translate.ts';

/** A compiled Python pattern: the `re.Pattern` methods the verifiers use. */
export class PyRegex {
  readonly pattern: string;
  readonly groups: number;
  private readonly t: TranslatedPattern;
  private readonly searchRe: RegExp;
  private readonly globalRe: RegExp;
  private readonly stickyRe: RegExp;
  private readonly fullRe: RegExp;
  /** Sticky, and only matches that consume at least one character (group 1 holds the rest of the input). */
  private readonly nonEmptyRe: RegExp;

  constructor(pattern: string, flags: PyRegexFlags = {}) {
    this.pattern = pattern;
    this.t = translatePyRegex(pattern, flags);
    this.groups = this.t.groups;
    try {
      this.searchRe = new RegExp(this.t.source, this.t.flags);
      this.globalRe = new RegExp(this.t.source, `${this.t.flags}g`);
      this.stickyRe = new RegExp(this.t.source, `${this.t.flags}y`);
      this.fullRe = new RegExp(`(?:${this.t.source})(?![\\s\\S])`, `${this.t.flags}y`);
      const shifted = translatePyRegex(pattern, flags, { groupOffset: 1 });
      // At the end of the match, the rest of the input must not still equal what it was at the start.
      this.nonEmptyRe = new RegExp(`(?=([\\s\\S]*))(?:${shifted.source})(?!\\1(?![\\s\\S]))`, `${shifted.flags}y`);
    } catch (err) {
      throw new PyRegexError(`pattern cannot be compiled: ${(err as Error).message}`);
    }
  }

  /** The translated JS source (for debugging). */
  get jsSource(): string {
    return this.t.source;
  }

  /** `re.search`: the first match anywhere, from string index `pos` (UTF-16 units). */
  search(text: string, pos = 0): RegExpExecArray | null {
    if (pos === 0) return this.searchRe.exec(text);
    this.globalRe.lastIndex = pos;
    return this.globalRe.exec(text);
  }

  /** `re.match`: a match that starts at the beginning. */
  match(text: string): RegExpExecArray | null {
    this.stickyRe.lastIndex = 0;
    return this.stickyRe.exec(text);
  }

  /** `re.fullmatch`: a match that spans the whole string. */
  fullmatch(text: string): RegExpExecArray | null {
    this.fullRe.lastIndex = 0;
    return this.fullRe.exec(text);
  }

  /**
   * `re.finditer`: every non-overlapping match, left to right. After an empty
   * match Python (3.7+) first retries at the same position for a non-empty
   * match, where JS would simply step one character on.
   */
  finditer(text: string): RegExpExecArray[] {
    const out: RegExpExecArray[] = [];
    let pos = 0;
    let mustAdvance = false;
    while (pos <= text.length) {
      let m: RegExpExecArray | null = null;
      if (mustAdvance) {
        this.nonEmptyRe.lastIndex = pos;
        const ne = this.nonEmptyRe.exec(text);
        if (ne) m = withoutFirstGroup(ne);
        else {
          pos += (text.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
          if (pos > text.length) break;
        }
      }
      if (!m) {
        this.globalRe.lastIndex = pos;
        m = this.globalRe.exec(text);
        if (!m) break;
      }
      out.push(m);
      mustAdvance = m[0].length === 0;
      pos = m.index + m[0].length;
    }
    return out;
  }

  /**
   * `re.findall`: whole matches when the pattern has no group, the group's
   * text with one group, a list of every group's text with several
   * (a group that did not take part gives "").
   */
  findall(text: string): Array<string | string[]> {
    return this.finditer(text).map((m) => {
      if (this.groups === 0) return m[0];
      if (this.groups === 1) return m[1] ?? '';
      return m.slice(1).map((g) => g ?? '');
    });
  }

  /** `re.sub(pattern, repl, text, count)`; `repl` is a Python template (`\1`, `\g<name>`) or a function. */
  sub(repl: string | ((m: RegExpExecArray) => string), text: string, count = 0): string {
    const expand = typeof repl === 'function' ? repl : compileTemplate(repl, this.groups);
    let n = 0;
    let out = '';
    let last = 0;
    for (const m of this.finditer(text)) {
      if (count > 0 && n >= count) break;
      out += text.slice(last, m.index) + expand(m);
      last = m.index + m[0].length;
      n++;
    }
    return out + text.slice(last);
  }

  /** `re.split(pattern, text)`: pieces between matches, with group texts interleaved when the pattern has groups. */
  split(text: string, maxsplit = 0): Array<string | undefined> {
    const out: Array<string | undefined> = [];
    let last = 0;
    let n = 0;
    for (const m of this.finditer(text)) {
      if (maxsplit > 0 && n >= maxsplit) break;
      out.push(text.slice(last, m.index), ...m.slice(1));
      last = m.index + m[0].length;
      n++;
    }
    out.push(text.slice(last));
    return out;
  }
}

function withoutFirstGroup(m: RegExpExecArray): RegExpExecArray {
  const r = [m[0], ...m.slice(2)] as unknown as RegExpExecArray;
  r.index = m.index;
  r.input = m.input;
  r.groups = m.groups;
  return r;
}

const cache = new Map<string, PyRegex>();

/** `re.compile(pattern, flags)`, cached. Throws PyRegexError where Python raises re.error. */
export function pyRe(pattern: string, flags: PyRegexFlags = {}): PyRegex {
  const key = `${flags.ignoreCase ? 'i' : ''}${flags.dotAll ? 's' : ''}${flags.multiline ? 'm' : ''}${flags.verbose ? 'x' : ''}${flags.ascii ? 'a' : ''}\u0000${pattern}`;
  let re = cache.get(key);
  if (!re) {
    re = new PyRegex(pattern, flags);
    if (cache.size > 500) cache.clear();
    cache.set(key, re);
  }
  return re;
}

const TEMPLATE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** Python replacement template → expander. Unmatched groups expand to "". */
function compileTemplate(template: string, groups: number): (m: RegExpExecArray) => string {
  const parts: Array<string | number> = [];
  let literal = '';
  const cps = Array.from(template);
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    if (c !== '\\') {
      literal += c;
      continue;
    }
    const e = cps[++i];
    if (e === undefined) throw new PyRegexError('bad escape (end of pattern)');
    let ref: number | string | undefined;
    if (e === 'g') {
      if (cps[i + 1] !== '<') throw new PyRegexError('missing <');
      const close = cps.indexOf('>', i + 2);
      if (close < 0) throw new PyRegexError('missing >, unterminated name');
      const name = cps.slice(i + 2, close).join('');
      i = close;
      ref = /^[0-9]+$/.test(name) ? Number(name) : name;
    } else if (e === '0') {
      let digits = '';
      while (digits.length < 2 && /[0-7]/.test(cps[i + 1] ?? '')) digits += cps[++i];
      literal += String.fromCharCode(parseInt(digits || '0', 8));
      continue;
    } else if (/[0-9]/.test(e)) {
      let digits = e;
      if (/[0-9]/.test(cps[i + 1] ?? '')) digits += cps[++i];
      ref = Number(digits);
    } else if (e in TEMPLATE_ESCAPES) {
      literal += TEMPLATE_ESCAPES[e];
      continue;
    } else if (/[A-Za-z]/.test(e)) {
      throw new PyRegexError(`bad escape \\${e}`);
    } else {
      literal += `\\${e}`;
      continue;
    }
    if (typeof ref === 'number' && ref > groups) throw new PyRegexError(`invalid group reference ${ref}`);
    parts.push(literal, ref);
    literal = '';
  }
  parts.push(literal);
  return (m) =>
    parts
      .map((p, idx) => {
        if (idx % 2 === 0) return p as string;
        if (typeof p === 'number') return m[p] ?? '';
        const named = m.groups?.[p];
        if (m.groups === undefined || !(p in m.groups)) throw new PyRegexError(`unknown group name '${p}'`);
        return named ?? '';
      })
      .join('');
}

const RE_SPECIAL = new Set(Array.from('()[]{}?*+-|^$\\.&~# \t\n\r\v\f'));

/** `re.escape(s)` (Python 3.7+): backslash before regex-special characters and ASCII whitespace only. */
export function pyReEscape(s: string): string {
  let out = '';
  for (const ch of s) out += RE_SPECIAL.has(ch) ? `\\${ch}` : ch;
  return out;
}
