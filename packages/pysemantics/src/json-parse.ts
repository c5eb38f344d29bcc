/**
 * Python's `json.loads` as a typed tree: it keeps what JavaScript's
 * `JSON.parse` loses, the int/float split of number tokens (`2` vs `2.0`),
 * integers of any size (as bigint), `NaN`/`Infinity`, and duplicate keys
 * resolved the Python way (the last value wins, the first position is kept).
 * Code that depends on Python's types reads this tree; `pyJsonLoads` turns it
 * into plain JS values.
 */
import { PyJsonDecodeError } from './errors.ts';

export type PyJsonValue =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'str'; v: string }
  | { t: 'list'; v: PyJsonValue[] }
  | { t: 'dict'; v: Map<string, PyJsonValue> };

export type PyJsonType = PyJsonValue['t'];

const NULL: PyJsonValue = { t: 'null' };
const TRUE: PyJsonValue = { t: 'bool', v: true };
const FALSE: PyJsonValue = { t: 'bool', v: false };

// JSON whitespace only: Python's decoder, like JSON.parse, skips exactly these four.
const isWs = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parse `text` as Python's `json.loads` would; throws PyJsonDecodeError where it raises JSONDecodeError. */
export function pyJsonParse(text: string): PyJsonValue {
  if (text.startsWith('\ufeff')) throw new PyJsonDecodeError('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0);
  const p = new Parser(text);
  p.skipWs();
  const value = p.value();
  p.skipWs();
  if (p.i !== text.length) throw new PyJsonDecodeError('Extra data', p.i);
  return value;
}

/** True when `text` parses as Python JSON. */
export function isPyJson(text: string): boolean {
  try {
    pyJsonParse(text);
    return true;
  } catch (err) {
    if (err instanceof PyJsonDecodeError) return false;
    throw err;
  }
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  skipWs(): void {
    while (this.i < this.s.length && isWs(this.s.charCodeAt(this.i))) this.i++;
  }

  value(): PyJsonValue {
    const s = this.s;
    const c = s[this.i];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return { t: 'str', v: this.string() };
      case 'n':
        return this.literal('null', NULL);
      case 't':
        return this.literal('true', TRUE);
      case 'f':
        return this.literal('false', FALSE);
      case 'N':
        return this.literal('NaN', { t: 'float', v: Number.NaN });
      case 'I':
        return this.literal('Infinity', { t: 'float', v: Number.POSITIVE_INFINITY });
      default:
        if (c === '-' && s.startsWith('-Infinity', this.i)) return this.literal('-Infinity', { t: 'float', v: Number.NEGATIVE_INFINITY });
        if (c === '-' || (c !== undefined && isDigit(c.charCodeAt(0)))) return this.number();
        throw new PyJsonDecodeError('Expecting value', this.i);
    }
  }

  private literal(word: string, value: PyJsonValue): PyJsonValue {
    if (!this.s.startsWith(word, this.i)) throw new PyJsonDecodeError('Expecting value', this.i);
    this.i += word.length;
    return value;
  }

  private number(): PyJsonValue {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (!m) throw new PyJsonDecodeError('Expecting value', this.i);
    this.i += m[0].length;
    // A fraction or exponent makes a float; anything else is an exact integer.
    if (m[1] !== undefined || m[2] !== undefined) return { t: 'float', v: Number(m[0]) };
    return { t: 'int', v: BigInt(m[0]) };
  }

  private string(): string {
    const s = this.s;
    const start = this.i;
    this.i++; // opening quote
    let out = '';
    let chunk = this.i;
    for (;;) {
      if (this.i >= s.length) throw new PyJsonDecodeError('Unterminated string starting at', start);
      const code = s.charCodeAt(this.i);
      if (code === 0x22) {
        out += s.slice(chunk, this.i);
        this.i++;
        return out;
      }
      if (code < 0x20) throw new PyJsonDecodeError('Invalid control character at', this.i);
      if (code !== 0x5c) {
        this.i++;
        continue;
      }
      out += s.slice(chunk, this.i);
      const esc = s[this.i + 1];
      if (esc === undefined) throw new PyJsonDecodeError('Unterminated string starting at', start);
      if (esc === 'u') {
        const hex = s.slice(this.i + 2, this.i + 6);
        if (!HEX4.test(hex)) throw new PyJsonDecodeError('Invalid \\uXXXX escape', this.i + 1);
        out += String.fromCharCode(parseInt(hex, 16));
        this.i += 6;
      } else {
        const mapped = ESCAPES[esc];
        if (mapped === undefined) throw new PyJsonDecodeError('Invalid \\escape', this.i);
        out += mapped;
        this.i += 2;
      }
      chunk = this.i;
    }
  }

  private object(): PyJsonValue {
    const s = this.s;
    const map = new Map<string, PyJsonValue>();
    this.i++;
    this.skipWs();
    if (s[this.i] === '}') {
      this.i++;
      return { t: 'dict', v: map };
    }
    for (;;) {
      if (s[this.i] !== '"') throw new PyJsonDecodeError('Expecting property name enclosed in double quotes', this.i);
      const key = this.string();
      this.skipWs();
      if (s[this.i] !== ':') throw new PyJsonDecodeError("Expecting ':' delimiter", this.i);
      this.i++;
      this.skipWs();
      // Map.set on an existing key keeps its first position and takes the new value, as a Python dict does.
      map.set(key, this.value());
      this.skipWs();
      const c = s[this.i];
      if (c === '}') {
        this.i++;
        return { t: 'dict', v: map };
      }
      if (c !== ',') throw new PyJsonDecodeError("Expecting ',' delimiter", this.i);
      this.i++;
      this.skipWs();
    }
  }

  private array(): PyJsonValue {
    const s = this.s;
    const items: PyJsonValue[] = [];
    this.i++;
    this.skipWs();
    if (s[this.i] === ']') {
      this.i++;
      return { t: 'list', v: items };
    }
    for (;;) {
      items.push(this.value());
      this.skipWs();
      const c = s[this.i];
      if (c === ']') {
        this.i++;
        return { t: 'list', v: items };
      }
      if (c !== ',') throw new PyJsonDecodeError("Expecting ',' delimiter", this.i);
      this.i++;
      this.skipWs();
    }
  }
}
