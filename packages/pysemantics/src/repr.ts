/**
 * Python's `str()` and `repr()` of JSON-shaped values (None, bool, int,
 * float, str, list, dict). Verifiers use them where the reference keys or
 * compares by `str(value)`.
 */
import { PyFloat } from './json.ts';
import { pyFloatRepr, pyIntRepr } from './numbers.ts';
import { pyStrRepr } from './strings.ts';

export { pyStrRepr };

/** `str(v)`. A JS number is an int when integral, else a float; wrap a float in PyFloat to keep `1.0`. */
export function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

/** `repr(v)`. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? pyIntRepr(v) : pyFloatRepr(v);
  if (typeof v === 'string') return pyStrRepr(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${pyStrRepr(k)}: ${pyRepr(x)}`)
      .join(', ')}}`;
  }
  return String(v);
}
