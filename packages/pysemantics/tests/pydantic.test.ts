import { describe, expect, it } from 'vitest';
import { PyValidationError, pydanticLaxInt } from '../src/index.ts';

describe('pydanticLaxInt (an int field in lax mode)', () => {
  it.each([
    [7, 7],
    [-3, -3],
    [2.0, 2],
    [true, 1],
    [false, 0],
    ['42', 42],
    [' -5 ', -5],
    ['+8', 8],
  ])('accepts %o as %d', (input, expected) => {
    expect(pydanticLaxInt(input, 'field')).toBe(expected);
  });

  it.each([[1.5], ['1.5'], ['seven'], [''], [null], [[1]], [{}]])('rejects %o with a ValidationError naming the field', (input) => {
    expect(() => pydanticLaxInt(input, 'values.0')).toThrow(PyValidationError);
    expect(() => pydanticLaxInt(input, 'values.0')).toThrow(/^values\.0: Input should be a valid integer/);
  });

  it('names the error like pydantic, so a 500 body reads ValidationError(...)', () => {
    try {
      pydanticLaxInt('x', 'f');
      expect.unreachable();
    } catch (err) {
      expect((err as Error).name).toBe('ValidationError');
    }
  });
});
