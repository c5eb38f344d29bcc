/**
 * Python's `json.loads`: like JSON.parse, but it also accepts `NaN`,
 * `Infinity` and `-Infinity`, and it keeps ints and floats apart (`1.0` is a
 * float, so `str()` of it is "1.0"). With `{ floats: 'pyfloat' }` every JSON
 * float comes back as a `PyFloat` so that distinction survives.
 */
import { PyJsonDecodeError } from './errors.ts';

/** A Python float parsed from JSON, kept distinct from ints (plain JS numbers). */
export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toJSON(): number {
    return this.value;
  }
}

export interface PyJsonOptions {
  /** `number` (default): floats are plain numbers. `pyfloat`: floats are PyFloat instances. */
  floats?: 'number' | 'pyfloat';
}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parse like Python's `json.loads(text)`; throws PyJsonDecodeError where Python raises JSONDecodeError. */
export function pyJsonLoads(text: string, options: PyJsonOptions = {}): unknown {
  const keepFloats = options.floats === 'pyfloat';
  let pos = 0;
  const fail = (msg: string, at = pos): never => {
    throw new PyJsonDecodeError(msg, at);
  };
  const skipWs = () => {
    while (pos < text.length && WS.has(text[pos])) pos++;
  };

  const parseString = (): string => {
    const start = pos - 1;
    let out = '';
    for (;;) {
      if (pos >= text.length) fail('Unterminated string starting at', start);
      const c = text[pos];
      if (c === '"') {
        pos++;
        return out;
      }
      if (c === '\\') {
        const e = text[pos + 1];
        if (e === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Invalid \\uXXXX escape', pos + 1);
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
        } else if (e !== undefined && e in ESCAPES) {
          out += ESCAPES[e];
          pos += 2;
        } else {
          fail('Invalid \\escape', pos);
        }
        continue;
      }
      if (c < ' ') fail('Invalid control character at', pos);
      out += c;
      pos++;
    }
  };

  const parseValue = (): unknown => {
    skipWs();
    const c = text[pos];
    if (c === '"') {
      pos++;
      return parseString();
    }
    if (c === '{') return parseObject();
    if (c === '[') return parseArray();
    if (text.startsWith('null', pos)) return (pos += 4), null;
    if (text.startsWith('true', pos)) return (pos += 4), true;
    if (text.startsWith('false', pos)) return (pos += 5), false;
    if (text.startsWith('NaN', pos)) return (pos += 3), keepFloats ? new PyFloat(NaN) : NaN;
    if (text.startsWith('Infinity', pos)) return (pos += 8), keepFloats ? new PyFloat(Infinity) : Infinity;
    if (text.startsWith('-Infinity', pos)) return (pos += 9), keepFloats ? new PyFloat(-Infinity) : -Infinity;
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (!m) return fail('Expecting value');
    pos += m[0].length;
    const value = Number(m[0]);
    const isFloat = m[1] !== undefined || m[2] !== undefined;
    return isFloat && keepFloats ? new PyFloat(value) : value;
  };

  const parseObject = (): Record<string, unknown> => {
    pos++;
    const obj: Record<string, unknown> = {};
    skipWs();
    if (text[pos] === '}') {
      pos++;
      return obj;
    }
    for (;;) {
      skipWs();
      if (text[pos] !== '"') fail('Expecting property name enclosed in double quotes');
      pos++;
      const key = parseString();
      skipWs();
      if (text[pos] !== ':') fail("Expecting ':' delimiter");
      pos++;
      const value = parseValue();
      // defineProperty: a "__proto__" key is data, not the prototype.
      Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      skipWs();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      fail("Expecting ',' delimiter");
    }
  };

  const parseArray = (): unknown[] => {
    pos++;
    const arr: unknown[] = [];
    skipWs();
    if (text[pos] === ']') {
      pos++;
      return arr;
    }
    for (;;) {
      arr.push(parseValue());
      skipWs();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      fail("Expecting ',' delimiter");
    }
  };

  if (text.startsWith('\ufeff')) fail('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0);
  const value = parseValue();
  skipWs();
  if (pos !== text.length) fail('Extra data');
  return value;
}

/** pyJsonLoads, or `fallback` where Python would raise JSONDecodeError. */
export function tryPyJsonLoads(text: string, fallback: unknown, options: PyJsonOptions = {}): unknown {
  try {
    return pyJsonLoads(text, options);
  } catch (err) {
    if (err instanceof PyJsonDecodeError) return fallback;
    throw err;
  }
}
