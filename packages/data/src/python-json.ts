/**
 * Python `json.dumps` output, byte for byte: `", "`/`": "` separators (or indent=4 layout),
 * non-ASCII escaped, floats printed with Python's repr. The reference writes collated datasets and
 * `*_metrics.json` this way and counts "words" on it, so matching it keeps files and metrics
 * identical across the two implementations.
 *
 * JavaScript numbers lose the int/float distinction (`1.0` parses to `1`), so rows are re-emitted
 * from their source text read as Python would (`pyJsonParse`); computed floats are wrapped in `PyFloat`.
 */
import { PyFloat, pyFloatRepr, pyJsonParse, type PyJsonValue } from '@gym/pysemantics';

export { PyFloat };

/** `json.dumps` of a float: repr, with JSON's spellings of the non-finite values. */
function floatText(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  return pyFloatRepr(x);
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
  const node = pyJsonParse(text);
  if (node.t === 'dict') for (const [k, v] of Object.entries(overrides)) node.v.set(k, fromJs(v));
  return emit(node, undefined, 0);
}

function fromJs(value: unknown): PyJsonValue {
  if (value === null || value === undefined) return { t: 'null' };
  if (value instanceof PyFloat) return { t: 'float', v: value.value };
  if (typeof value === 'string') return { t: 'str', v: value };
  if (typeof value === 'boolean') return { t: 'bool', v: value };
  if (typeof value === 'number') {
    // An integral number prints as an int while its JS text is plain digits; 1e21 and beyond print as floats.
    const text = String(value);
    return Number.isInteger(value) && /^-?\d+$/.test(text) ? { t: 'int', v: BigInt(text) } : { t: 'float', v: value };
  }
  if (Array.isArray(value)) return { t: 'list', v: value.map(fromJs) };
  if (typeof value === 'object') return { t: 'dict', v: new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromJs(v)])) };
  return { t: 'str', v: String(value) };
}

function emit(node: PyJsonValue, indent: number | undefined, depth: number): string {
  switch (node.t) {
    case 'null':
      return 'null';
    case 'bool':
      return node.v ? 'true' : 'false';
    case 'str':
      return pyString(node.v);
    case 'int':
      return node.v.toString();
    case 'float':
      return floatText(node.v);
  }
  const items: string[] =
    node.t === 'list' ? node.v.map((v) => emit(v, indent, depth + 1)) : [...node.v].map(([k, v]) => `${pyString(k)}: ${emit(v, indent, depth + 1)}`);
  const [open, close] = node.t === 'list' ? ['[', ']'] : ['{', '}'];
  if (items.length === 0) return open + close;
  if (indent === undefined) return open + items.join(', ') + close;
  const pad = ' '.repeat(indent * (depth + 1));
  return `${open}\n${pad}${items.join(`,\n${pad}`)}\n${' '.repeat(indent * depth)}${close}`;
}
