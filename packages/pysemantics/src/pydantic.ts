/**
 * pydantic (v2, lax mode) coercions that reference verifiers get for free
 * when they put a value into a model field, e.g. a reply field typed
 * `list[int]` that receives the model's raw submission.
 */
import { PyValidationError } from './errors.ts';

/** Validation of one `int` field: integral numbers, bools and decimal strings pass; anything else is a ValidationError naming `where`. */
export function pydanticLaxInt(v: unknown, where: string): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number.parseInt(v.trim(), 10);
  throw new PyValidationError(`${where}: Input should be a valid integer, got ${JSON.stringify(v)}`);
}
