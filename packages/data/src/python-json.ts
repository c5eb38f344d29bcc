/**
 * Python `json.dumps` output, byte for byte: `", "`/`": "` separators (or indent=4 layout),
 * non-ASCII escaped, floats printed with Python's repr. The reference writes collated datasets and
 * `*_metrics.json` this way and counts "words" on it, so matching it keeps files and metrics
 * identical across the two implementations.
 *
 * JavaScript numbers lose the int/float distinction (`1.0` parses to `1`), so rows are re-emitted
 * from their source text with number literals kept; computed floats are wrapped in `PyFloat`.
 */

/** A value that Python holds as a float: printed as `1.0`, not `1`. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A number literal from source text: ints keep their digits, floats print as Python repr. */
class PyNumber {
  constructor(readonly raw: string) {}
}

/** An object parsed from text, keys in order (duplicates keep the first position, last value, as Python). */
class PyObject {
  constructor(readonly entries: Map<string, PyNode>) {}
}

type PyNode = string | boolean | null | PyNumber | PyFloat | PyObject | PyNode[];

/** Python's `repr(float)`: shortest round-trip digits, exponent form outside 1e-4 ≤ |x| < 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, expText] = Math.abs(x).toExponential().split('e');
  const exp = Number(expText);
  const digits = mantissa.replace('.', '');
  if (exp >= -5 + 1 && exp < 16) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    return `${sign}${whole}.${frac || '0'}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Python's `round(x, n)`: correctly rounded, ties to even. */
export function pyRound(x: number, ndigits: number): number {
  if (!Number.isFinite(x)) return x;
  const fixed = Math.abs(x).toFixed(Math.min(100, ndigits + 40));
  const point = fixed.indexOf('.');
  const tail = fixed.slice(point + 1 + ndigits);
  const isTie = tail[0] === '5' && /^0*$/.test(tail.slice(1));
  if (!isTie) return Number(x.toFixed(ndigits));
  const kept = fixed.slice(0, point + 1 + ndigits);
  const lastDigit = Number(kept.replace('.', '').slice(-1));
  const down = Number(kept);
  const result = lastDigit % 2 === 0 ? down : down + 10 ** -ndigits;
  return Math.sign(x) * Number(result.toFixed(ndigits));
}

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** A JSON string literal as Python writes it with ensure_ascii=True. */
export function pyString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const code = s.charCodeAt(i);
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** `json.dumps(value)` of a plain JS value; integral numbers print as ints unless wrapped in PyFloat. */
export function pyDumps(value: unknown, opts: { indent?: number } = {}): string {
  return emit(fromJs(value), opts.indent, 0);
}

/**
 * Re-emit one JSON text the way Python's `json.dumps(json.loads(text))` would, with top-level keys
 * replaced (in place) or appended from `overrides`.
 */
export function pyDumpsText(text: string, overrides: Record<string, unknown> = {}): string {
  const node = new TextParser(text).parseDocument();
  if (node instanceof PyObject) for (const [k, v] of Object.entries(overrides)) node.entries.set(k, fromJs(v));
  return emit(node, undefined, 0);
}

function fromJs(value: unknown): PyNode {
  if (value === null || value === undefined) return null;
  if (value instanceof PyFloat || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? new PyNumber(String(value)) : new PyFloat(value);
  if (Array.isArray(value)) return value.map(fromJs);
  if (typeof value === 'object') return new PyObject(new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromJs(v)])));
  return String(value);
}

function emit(node: PyNode, indent: number | undefined, depth: number): string {
  if (node === null) return 'null';
  if (node === true) return 'true';
  if (node === false) return 'false';
  if (typeof node === 'string') return pyString(node);
  if (node instanceof PyFloat) return pyFloatRepr(node.value);
  if (node instanceof PyNumber) return /^-?\d+$/.test(node.raw) ? BigInt(node.raw).toString() : pyFloatRepr(Number(node.raw));
  const items: string[] = Array.isArray(node)
    ? node.map((v) => emit(v, indent, depth + 1))
    : [...node.entries].map(([k, v]) => `${pyString(k)}: ${emit(v, indent, depth + 1)}`);
  const [open, close] = Array.isArray(node) ? ['[', ']'] : ['{', '}'];
  if (items.length === 0) return open + close;
  if (indent === undefined) return open + items.join(', ') + close;
  const pad = ' '.repeat(indent * (depth + 1));
  return `${open}\n${pad}${items.join(`,\n${pad}`)}\n${' '.repeat(indent * depth)}${close}`;
}

/** A small JSON parser that keeps number literals and key order (the text was already validated by JSON.parse). */
class TextParser {
  private i = 0;
  constructor(private readonly s: string) {}

  parseDocument(): PyNode {
    const v = this.value();
    this.ws();
    if (this.i !== this.s.length) throw new SyntaxError(`Unexpected data after JSON at position ${this.i}`);
    return v;
  }

  private ws() {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i])) this.i++;
  }

  private value(): PyNode {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) throw new SyntaxError(`Unexpected token at position ${this.i}`);
    this.i += m[0].length;
    return new PyNumber(m[0]);
  }

  private string(): string {
    const start = this.i;
    this.i++;
    while (this.s[this.i] !== '"') this.i += this.s[this.i] === '\\' ? 2 : 1;
    this.i++;
    return JSON.parse(this.s.slice(start, this.i)) as string;
  }

  private object(): PyObject {
    const entries = new Map<string, PyNode>();
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') return (this.i++, new PyObject(entries));
    for (;;) {
      this.ws();
      const key = this.string();
      this.ws();
      this.i++; // ':'
      entries.set(key, this.value());
      this.ws();
      if (this.s[this.i++] === '}') return new PyObject(entries);
    }
  }

  private array(): PyNode[] {
    const items: PyNode[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') return (this.i++, items);
    for (;;) {
      items.push(this.value());
      this.ws();
      if (this.s[this.i++] === ']') return items;
    }
  }
}
