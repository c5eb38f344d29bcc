/**
 * Python's `json.loads`: like JSON.parse, but it also accepts `NaN`,
 * `Infinity` and `-Infinity`, and it keeps ints and floats apart (`1.0` is a
 * float, so `str()` of it is "1.0"). With `{ floats: 'pyfloat' }` every JSON
 * float comes back as a `PyFloat` so that distinction survives. Ints come back
 * as JS numbers (Python has no -0 int, so `-0` reads as 0); read the typed tree
 * of `pyJsonParse` where exact big ints matter.
 */
import { PyJsonDecodeError } from './errors.ts';
import { pyJsonParse, type PyJsonValue } from './json-parse.ts';

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

/** Parse like Python's `json.loads(text)`; throws PyJsonDecodeError where Python raises JSONDecodeError. */
export function pyJsonLoads(text: string, options: PyJsonOptions = {}): unknown {
  return toJs(pyJsonParse(text), options.floats === 'pyfloat');
}

function toJs(node: PyJsonValue, keepFloats: boolean): unknown {
  switch (node.t) {
    case 'null':
      return null;
    case 'bool':
    case 'str':
      return node.v;
    case 'int':
      return Number(node.v);
    case 'float':
      return keepFloats ? new PyFloat(node.v) : node.v;
    case 'list':
      return node.v.map((item) => toJs(item, keepFloats));
    case 'dict': {
      const obj: Record<string, unknown> = {};
      // defineProperty: a "__proto__" key is data, not the prototype.
      for (const [key, value] of node.v) Object.defineProperty(obj, key, { value: toJs(value, keepFloats), enumerable: true, writable: true, configurable: true });
      return obj;
    }
  }
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
