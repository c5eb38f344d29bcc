/**
 * Python exceptions as typed JS errors. Verifiers ported from Python often
 * rely on an exception being raised (and caught, or turned into a 500), so the
 * helpers here throw these instead of returning NaN or undefined.
 */

export class PyException extends Error {
  /** The Python exception class this stands for, e.g. `ValueError`. */
  readonly pyType: string;
  constructor(pyType: string, message: string) {
    super(message);
    this.name = pyType;
    this.pyType = pyType;
  }
}

export class PyValueError extends PyException {
  constructor(message: string) {
    super('ValueError', message);
  }
}

export class PyTypeError extends PyException {
  constructor(message: string) {
    super('TypeError', message);
  }
}

export class PyKeyError extends PyException {
  constructor(message: string) {
    super('KeyError', message);
  }
}

export class PyAttributeError extends PyException {
  constructor(message: string) {
    super('AttributeError', message);
  }
}

export class PyZeroDivisionError extends PyException {
  constructor(message: string) {
    super('ZeroDivisionError', message);
  }
}

/** pydantic's `ValidationError`: a model field did not accept its value. */
export class PyValidationError extends PyException {
  constructor(message: string) {
    super('ValidationError', message);
  }
}

/** `json.JSONDecodeError` (a ValueError subclass in Python). */
export class PyJsonDecodeError extends PyException {
  readonly pos: number;
  constructor(message: string, pos: number) {
    super('JSONDecodeError', `${message}: char ${pos}`);
    this.pos = pos;
  }
}

/** `re.error`: the pattern is not valid Python regex syntax (or uses a construct this port cannot express). */
export class PyRegexError extends PyException {
  constructor(message: string) {
    super('re.error', message);
  }
}
