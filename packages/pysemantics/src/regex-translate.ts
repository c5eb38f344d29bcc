/**
 * Translation of Python `re` pattern syntax into an equivalent JS RegExp
 * source (always compiled with the `u` flag). Needed because patterns come
 * from dataset rows written for Python, and because the two dialects differ in
 * ways that change results: Python's `\d`, `\w`, `\s` and `\b` are Unicode-aware,
 * `.` only excludes `\n`, `$` also matches before a final newline, a `{` that
 * is not a quantifier is a literal, and any non-alphanumeric may be escaped.
 *
 * Not expressible on Node 20 (raised as PyRegexError): possessive quantifiers,
 * atomic groups, conditionals, `\N{...}`, and case-insensitivity toggled for
 * part of a pattern only.
 */
import { PyRegexError } from './errors.ts';
import { PY_WHITESPACE_CLASS } from './strings.ts';

export interface PyRegexFlags {
  /** re.IGNORECASE */
  ignoreCase?: boolean;
  /** re.DOTALL */
  dotAll?: boolean;
  /** re.MULTILINE */
  multiline?: boolean;
  /** re.VERBOSE */
  verbose?: boolean;
  /** re.ASCII */
  ascii?: boolean;
}

export interface TranslateOptions {
  /** Added to every backreference number (for callers that put capturing groups in front of the pattern). */
  groupOffset?: number;
}

export interface TranslatedPattern {
  /** JS pattern source, to compile with `flags`. */
  source: string;
  /** `u`, plus `i` when the pattern is case-insensitive. */
  flags: string;
  /** Number of capturing groups (Python numbering = JS numbering). */
  groups: number;
}

interface Scope {
  dotAll: boolean;
  multiline: boolean;
  verbose: boolean;
  ascii: boolean;
  ignoreCase: boolean;
}

type AtomKind = 'repeatable' | 'assertion' | 'quantified' | 'none';

const WORD = '[\\p{L}\\p{N}_]';
const NOT_WORD = '[^\\p{L}\\p{N}_]';
const ASCII_WORD = '[A-Za-z0-9_]';
const ASCII_NOT_WORD = '[^A-Za-z0-9_]';
const ASCII_SPACE_CLASS = ' \\t\\n\\r\\f\\v';
/** Whitespace skipped in verbose mode (ASCII only, as in sre_parse). */
const VERBOSE_WS = new Set([' ', '\t', '\n', '\r', '\u000b', '\f']);
const DIGITS = /^[0-9]$/;
const OCT = /^[0-7]$/;
const HEX = /^[0-9a-fA-F]$/;
const ASCII_LETTER = /^[A-Za-z]$/;
const SIMPLE_ESCAPES: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };
const FLAG_LETTERS = 'aiLmsux';

const lit = (cp: number) => (/[A-Za-z0-9_]/.test(String.fromCodePoint(cp)) && cp < 128 ? String.fromCodePoint(cp) : `\\u{${cp.toString(16)}}`);

type ClassItem = { kind: 'lit'; cp: number } | { kind: 'range'; lo: number; hi: number } | { kind: 'cat'; name: string };

export function translatePyRegex(pattern: string, options: PyRegexFlags = {}, extra: TranslateOptions = {}): TranslatedPattern {
  return new Translator(pattern, options, extra.groupOffset ?? 0).run();
}

class Translator {
  private readonly cps: string[];
  private i = 0;
  private groups = 0;
  private readonly open = new Set<number>();
  private readonly names = new Map<string, number>();
  private globalIgnoreCase: boolean;
  private ignoreCaseMixed = false;
  private readonly top: Scope;

  constructor(
    pattern: string,
    options: PyRegexFlags,
    private readonly groupOffset: number,
  ) {
    this.cps = Array.from(pattern);
    this.globalIgnoreCase = !!options.ignoreCase;
    this.top = {
      dotAll: !!options.dotAll,
      multiline: !!options.multiline,
      verbose: !!options.verbose,
      ascii: !!options.ascii,
      ignoreCase: !!options.ignoreCase,
    };
  }

  run(): TranslatedPattern {
    const source = this.alternatives(this.top, false);
    if (this.ignoreCaseMixed) throw new PyRegexError('case-insensitivity for part of a pattern cannot be expressed');
    return { source, flags: this.globalIgnoreCase ? 'iu' : 'u', groups: this.groups };
  }

  private error(msg: string): PyRegexError {
    return new PyRegexError(`${msg} at position ${this.i}`);
  }

  private peek(offset = 0): string | undefined {
    return this.cps[this.i + offset];
  }

  /** A sequence of alternatives up to (not including) the `)` that closes the group, or the end. */
  private alternatives(scope: Scope, inGroup: boolean): string {
    let out = '';
    let last: AtomKind = 'none';
    let first = !inGroup;
    while (this.i < this.cps.length) {
      const c = this.cps[this.i];
      if (scope.verbose) {
        if (VERBOSE_WS.has(c)) {
          this.i++;
          continue;
        }
        if (c === '#') {
          while (this.i < this.cps.length && this.cps[this.i] !== '\n') this.i++;
          continue;
        }
      }
      if (c === ')') {
        if (!inGroup) throw this.error('unbalanced parenthesis');
        return out;
      }
      if (c === '|') {
        this.i++;
        out += '|';
        last = 'none';
        first = false;
        continue;
      }
      if (c === '*' || c === '+' || c === '?' || c === '{') {
        const q = this.quantifier();
        if (q !== null) {
          if (last === 'none' || last === 'assertion') throw this.error('nothing to repeat');
          if (last === 'quantified') throw this.error('multiple repeat');
          out += q;
          last = 'quantified';
          continue;
        }
        this.i++;
        out += '\\{';
        last = 'repeatable';
        first = false;
        continue;
      }
      if (c === '(' && this.peek(1) === '?' && this.isGlobalFlagGroup()) {
        if (!first) throw this.error('global flags not at the start of the expression');
        this.globalFlags(scope);
        continue;
      }
      const atom = this.atom(scope);
      if (atom === null) continue; // a comment group: the previous item stays quantifiable
      out += atom.js;
      last = atom.kind;
      first = false;
    }
    if (inGroup) throw this.error('missing ), unterminated subpattern');
    return out;
  }

  /** Parse a quantifier at the cursor; null if `{` is a literal here (cursor unchanged then). */
  private quantifier(): string | null {
    const c = this.cps[this.i];
    let q: string;
    if (c === '{') {
      const start = this.i;
      let j = this.i + 1;
      if (this.cps[j] === '}') return null;
      let lo = '';
      let hi = '';
      while (j < this.cps.length && DIGITS.test(this.cps[j])) lo += this.cps[j++];
      let hasComma = false;
      if (this.cps[j] === ',') {
        hasComma = true;
        j++;
        while (j < this.cps.length && DIGITS.test(this.cps[j])) hi += this.cps[j++];
      } else hi = lo;
      if (this.cps[j] !== '}') {
        this.i = start;
        return null;
      }
      this.i = j + 1;
      const min = lo ? Number(lo) : 0;
      if (hi && Number(hi) < min) throw this.error('min repeat greater than max repeat');
      q = hasComma ? `{${min},${hi}}` : `{${min}}`;
    } else {
      this.i++;
      q = c;
    }
    if (this.peek() === '?') {
      this.i++;
      q += '?';
    } else if (this.peek() === '+') {
      throw this.error('possessive quantifiers cannot be expressed');
    }
    return q;
  }

  private isGlobalFlagGroup(): boolean {
    let j = this.i + 2;
    let any = false;
    while (j < this.cps.length && FLAG_LETTERS.includes(this.cps[j])) {
      j++;
      any = true;
    }
    return any && this.cps[j] === ')';
  }

  private globalFlags(scope: Scope): void {
    this.i += 2;
    while (this.cps[this.i] !== ')') this.applyFlag(scope, this.cps[this.i++], true);
    this.i++;
  }

  private applyFlag(scope: Scope, f: string, on: boolean, global = false): void {
    switch (f) {
      case 'i':
        if (global || scope === this.top) {
          scope.ignoreCase = on;
          this.globalIgnoreCase = on;
        } else {
          scope.ignoreCase = on;
          if (on !== this.globalIgnoreCase) this.ignoreCaseMixed = true;
        }
        break;
      case 's':
        scope.dotAll = on;
        break;
      case 'm':
        scope.multiline = on;
        break;
      case 'x':
        scope.verbose = on;
        break;
      case 'a':
        scope.ascii = on;
        break;
      case 'u':
        scope.ascii = false;
        break;
      case 'L':
        throw this.error("bad inline flags: cannot use 'L' flag with a str pattern");
      default:
        throw this.error('unknown flag');
    }
  }

  private atom(scope: Scope): { js: string; kind: AtomKind } | null {
    const c = this.cps[this.i];
    switch (c) {
      case '(':
        return this.group(scope);
      case '[':
        this.i++;
        return { js: this.charClass(scope), kind: 'repeatable' };
      case '.':
        this.i++;
        return { js: scope.dotAll ? '[\\s\\S]' : '[^\\n]', kind: 'repeatable' };
      case '^':
        this.i++;
        return { js: scope.multiline ? '(?<![^\\n])' : '(?<![\\s\\S])', kind: 'assertion' };
      case '$':
        this.i++;
        return { js: scope.multiline ? '(?![^\\n])' : '(?=\\n?(?![\\s\\S]))', kind: 'assertion' };
      case '\\':
        return this.escape(scope);
      default:
        this.i++;
        return { js: lit(c.codePointAt(0)!), kind: 'repeatable' };
    }
  }

  private group(scope: Scope): { js: string; kind: AtomKind } | null {
    this.i++;
    if (this.peek() !== '?') {
      const n = ++this.groups;
      this.open.add(n);
      const body = this.closeGroup(scope);
      this.open.delete(n);
      return { js: `(${body})`, kind: 'repeatable' };
    }
    this.i++;
    const c = this.peek();
    if (c === ':') {
      this.i++;
      return { js: `(?:${this.closeGroup(scope)})`, kind: 'repeatable' };
    }
    if (c === 'P') {
      this.i++;
      if (this.peek() === '<') {
        this.i++;
        const name = this.readName('>');
        if (this.names.has(name)) throw this.error(`redefinition of group name '${name}'`);
        const n = ++this.groups;
        this.names.set(name, n);
        this.open.add(n);
        const body = this.closeGroup(scope);
        this.open.delete(n);
        return { js: `(?<${name}>${body})`, kind: 'repeatable' };
      }
      if (this.peek() === '=') {
        this.i++;
        const name = this.readName(')');
        const n = this.names.get(name);
        if (n === undefined) throw this.error(`unknown group name '${name}'`);
        if (this.open.has(n)) throw this.error('cannot refer to an open group');
        return { js: `(?:\\${n + this.groupOffset})`, kind: 'repeatable' };
      }
      throw this.error('unknown extension ?P');
    }
    if (c === '=' || c === '!') {
      this.i++;
      return { js: `(?:(?${c}${this.closeGroup(scope)}))`, kind: 'repeatable' };
    }
    if (c === '<' && (this.peek(1) === '=' || this.peek(1) === '!')) {
      const kind = this.peek(1);
      this.i += 2;
      return { js: `(?:(?<${kind}${this.closeGroup(scope)}))`, kind: 'repeatable' };
    }
    if (c === '#') {
      while (this.i < this.cps.length && this.cps[this.i] !== ')') this.i++;
      if (this.i >= this.cps.length) throw this.error('missing ), unterminated comment');
      this.i++;
      return null;
    }
    if (c === '(') throw this.error('conditional groups cannot be expressed');
    if (c === '>') throw this.error('atomic groups cannot be expressed');
    if (c !== undefined && (FLAG_LETTERS.includes(c) || c === '-')) return this.scopedFlags(scope);
    throw this.error(`unknown extension ?${c ?? ''}`);
  }

  private scopedFlags(scope: Scope): { js: string; kind: AtomKind } {
    const inner: Scope = { ...scope };
    while (this.peek() !== undefined && FLAG_LETTERS.includes(this.peek()!)) this.applyFlag(inner, this.cps[this.i++], true);
    if (this.peek() === '-') {
      this.i++;
      let any = false;
      while (this.peek() !== undefined && 'imsx'.includes(this.peek()!)) {
        this.applyFlag(inner, this.cps[this.i++], false);
        any = true;
      }
      if (!any) throw this.error('missing flag');
      if (this.peek() !== ':') throw this.error('missing :');
    }
    if (this.peek() !== ':') throw this.error(this.peek() === undefined ? 'missing -, : or )' : 'global flags not at the start of the expression');
    this.i++;
    return { js: `(?:${this.closeGroup(inner)})`, kind: 'repeatable' };
  }

  private closeGroup(scope: Scope): string {
    const body = this.alternatives(scope, true);
    this.i++; // the ')'
    return body;
  }

  private readName(end: string): string {
    let name = '';
    while (this.i < this.cps.length && this.cps[this.i] !== end) name += this.cps[this.i++];
    if (this.i >= this.cps.length) throw this.error('missing group name terminator');
    this.i++;
    if (!/^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(name)) throw this.error(`bad character in group name '${name}'`);
    return name;
  }

  private category(name: string, scope: Scope, inClass: boolean): string {
    const a = scope.ascii;
    switch (name) {
      case 'd':
        return a ? (inClass ? '0-9' : '[0-9]') : '\\p{Nd}';
      case 'D':
        return a ? '[^0-9]' : '\\P{Nd}';
      case 'w':
        return inClass ? (a ? 'A-Za-z0-9_' : '\\p{L}\\p{N}_') : a ? ASCII_WORD : WORD;
      case 'W':
        return a ? ASCII_NOT_WORD : NOT_WORD;
      case 's':
        return inClass ? (a ? ASCII_SPACE_CLASS : PY_WHITESPACE_CLASS) : `[${a ? ASCII_SPACE_CLASS : PY_WHITESPACE_CLASS}]`;
      default:
        return `[^${a ? ASCII_SPACE_CLASS : PY_WHITESPACE_CLASS}]`;
    }
  }

  private escape(scope: Scope): { js: string; kind: AtomKind } {
    const c = this.cps[this.i + 1];
    if (c === undefined) throw this.error('bad escape (end of pattern)');
    this.i += 2;
    if ('dDwWsS'.includes(c)) return { js: this.category(c, scope, false), kind: 'repeatable' };
    const word = scope.ascii ? ASCII_WORD : WORD;
    switch (c) {
      case 'A':
        return { js: '(?<![\\s\\S])', kind: 'assertion' };
      case 'Z':
        return { js: '(?![\\s\\S])', kind: 'assertion' };
      case 'b':
        return { js: `(?:(?<=${word})(?!${word})|(?<!${word})(?=${word}))`, kind: 'assertion' };
      case 'B':
        // Python 3.11's \B never matches in an empty string.
        return { js: `(?:(?<=${word})(?=${word})|(?<!${word})(?!${word})(?:(?<=[\\s\\S])|(?=[\\s\\S])))`, kind: 'assertion' };
    }
    if (c in SIMPLE_ESCAPES) return { js: lit(SIMPLE_ESCAPES[c]), kind: 'repeatable' };
    const hex = this.hexEscape(c);
    if (hex !== null) return { js: lit(hex), kind: 'repeatable' };
    if (c === '0') {
      let digits = '0';
      while (digits.length < 3 && OCT.test(this.peek() ?? '')) digits += this.cps[this.i++];
      return { js: lit(parseInt(digits, 8)), kind: 'repeatable' };
    }
    if (DIGITS.test(c)) {
      let digits = c;
      if (DIGITS.test(this.peek() ?? '')) {
        digits += this.cps[this.i++];
        if (OCT.test(digits[0]) && OCT.test(digits[1]) && OCT.test(this.peek() ?? '')) {
          digits += this.cps[this.i++];
          const v = parseInt(digits, 8);
          if (v > 0o377) throw this.error(`octal escape value \\${digits} outside of range 0-0o377`);
          return { js: lit(v), kind: 'repeatable' };
        }
      }
      const n = Number(digits);
      if (n > this.groups) throw this.error(`invalid group reference ${n}`);
      if (this.open.has(n)) throw this.error('cannot refer to an open group');
      return { js: `(?:\\${n + this.groupOffset})`, kind: 'repeatable' };
    }
    if (c === 'N') throw this.error('named Unicode escapes cannot be expressed');
    if (ASCII_LETTER.test(c)) throw this.error(`bad escape \\${c}`);
    return { js: lit(c.codePointAt(0)!), kind: 'repeatable' };
  }

  /** `\x`, `\u`, `\U` escapes (the cursor is just past the letter); null if `c` is none of them. */
  private hexEscape(c: string): number | null {
    const width = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
    if (!width) return null;
    let digits = '';
    while (digits.length < width && HEX.test(this.peek() ?? '')) digits += this.cps[this.i++];
    if (digits.length !== width) throw this.error(`incomplete escape \\${c}${digits}`);
    const v = parseInt(digits, 16);
    if (v > 0x10ffff) throw this.error(`bad escape \\${c}${digits}`);
    return v;
  }

  /** One item inside `[...]`: a literal code point or a category (`\d` ...). */
  private classAtom(scope: Scope): ClassItem {
    const c = this.cps[this.i++];
    if (c !== '\\') return { kind: 'lit', cp: c.codePointAt(0)! };
    const e = this.cps[this.i];
    if (e === undefined) throw this.error('unterminated character set');
    this.i++;
    if (e === 'b') return { kind: 'lit', cp: 8 };
    if (e in SIMPLE_ESCAPES) return { kind: 'lit', cp: SIMPLE_ESCAPES[e] };
    if ('dDwWsS'.includes(e)) return { kind: 'cat', name: e };
    const hex = this.hexEscape(e);
    if (hex !== null) return { kind: 'lit', cp: hex };
    if (OCT.test(e)) {
      let digits = e;
      while (digits.length < 3 && OCT.test(this.peek() ?? '')) digits += this.cps[this.i++];
      const v = parseInt(digits, 8);
      if (v > 0o377) throw this.error(`octal escape value \\${digits} outside of range 0-0o377`);
      return { kind: 'lit', cp: v };
    }
    if (DIGITS.test(e) || ASCII_LETTER.test(e)) throw this.error(`bad escape \\${e}`);
    return { kind: 'lit', cp: e.codePointAt(0)! };
  }

  private charClass(scope: Scope): string {
    const items: ClassItem[] = [];
    let negate = false;
    if (this.peek() === '^') {
      negate = true;
      this.i++;
    }
    const start = this.i;
    for (;;) {
      if (this.i >= this.cps.length) throw this.error('unterminated character set');
      if (this.cps[this.i] === ']' && this.i !== start) {
        this.i++;
        break;
      }
      const a = this.classAtom(scope);
      if (this.peek() === '-') {
        this.i++;
        if (this.i >= this.cps.length) throw this.error('unterminated character set');
        if (this.cps[this.i] === ']') {
          items.push(a, { kind: 'lit', cp: 45 });
          this.i++;
          break;
        }
        const b = this.classAtom(scope);
        if (a.kind !== 'lit' || b.kind !== 'lit' || b.cp < a.cp) throw this.error('bad character range');
        items.push({ kind: 'range', lo: a.cp, hi: b.cp });
        continue;
      }
      items.push(a);
    }
    let body = '';
    const negatedCats: string[] = [];
    for (const it of items) {
      if (it.kind === 'lit') body += `\\u{${it.cp.toString(16)}}`;
      else if (it.kind === 'range') body += `\\u{${it.lo.toString(16)}}-\\u{${it.hi.toString(16)}}`;
      else if ('dws'.includes(it.name)) body += this.category(it.name, scope, true);
      else negatedCats.push(this.category(it.name, scope, true));
    }
    if (negatedCats.length === 0) return negate ? (body ? `[^${body}]` : '[\\s\\S]') : `[${body}]`;
    // JS cannot nest a negated set inside a class (without the `v` flag): spell it as an alternation.
    const union = [...(body ? [`[${body}]`] : []), ...negatedCats].join('|');
    return negate ? `(?:(?!${union})[\\s\\S])` : `(?:${union})`;
  }
}
