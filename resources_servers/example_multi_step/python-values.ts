/**
 * Python semantics for JSON values, as the reference verifier computes with
 * them: `==` (1 == 1.0 == True, dicts ignore key order, lists are ordered,
 * "14" != 14), set membership by hash, and pydantic's lax `int` coercion of
 * the reply field `parsed_synonym_values`.
 */

/** An error named like the Python exception the reference raises, so the 500 body reads the same (`KeyError("synonym_values")`). */
export class PyError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Python `a == b` for values parsed from JSON. */
export function pyEqual(a: unknown, b: unknown): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && na === nb;
  if (a === null || b === null) return a === b;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => pyEqual(x, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a as object);
    const ob = b as Record<string, unknown>;
    return ka.length === Object.keys(ob).length && ka.every((k) => Object.hasOwn(ob, k) && pyEqual((a as Record<string, unknown>)[k], ob[k]));
  }
  return false;
}

/** Python `x in list`. */
export function pyIn(x: unknown, list: readonly unknown[]): boolean {
  return list.some((y) => pyEqual(x, y));
}

/** The key Python's set would hash a value under; lists and dicts are unhashable (TypeError). */
function hashKey(v: unknown): string {
  const n = asNumber(v);
  if (n !== undefined) return `n:${n}`;
  if (typeof v === 'string') return `s:${v}`;
  if (v === null) return 'none';
  throw new PyError('TypeError', `unhashable type: '${Array.isArray(v) ? 'list' : 'dict'}'`);
}

/** `len(set(a) & set(b))`. */
export function pySetIntersectionSize(a: readonly unknown[], b: readonly unknown[]): number {
  const right = new Set(b.map(hashKey));
  return new Set(a.map(hashKey).filter((k) => right.has(k))).size;
}

/** pydantic (lax) validation of one `int` value: integral numbers, bools and decimal strings pass. */
export function laxInt(v: unknown, where: string): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number.parseInt(v.trim(), 10);
  throw new PyError('ValidationError', `${where}: Input should be a valid integer, got ${JSON.stringify(v)}`);
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeof v === 'number' ? v : undefined;
}
