/**
 * JSON read as a stream of bytes, for documents too large to hold parsed: a tokenizer, a checker
 * that validates one value and records the byte range of each member of a top-level object, and
 * a printer that writes a value exactly as `JSON.stringify(JSON.parse(value), null, 2)` would.
 */

export type TokenKind = '{' | '}' | '[' | ']' | ':' | ',' | 'string' | 'number' | 'literal';
/** `start`/`end`: byte offsets of the token in the stream; `text`: a scalar's raw JSON text. */
export type TokenSink = (kind: TokenKind, start: number, end: number, text: string) => void;

export class JsonStreamError extends Error {
  constructor(readonly offset: number, message: string) {
    super(`${message} at byte ${offset}`);
    this.name = 'JsonStreamError';
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const LITERALS = new Set(['true', 'false', 'null']);
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
/** Bytes a number or a literal can be made of (checked as a whole when it ends). */
const isWordByte = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7a) || b === 0x2d || b === 0x2b || b === 0x2e || b === 0x45;

/** Splits bytes into JSON tokens; a token may span any number of chunks. */
export class JsonTokenizer {
  private offset = 0;
  private kind: 'string' | 'number' | 'literal' | undefined;
  private start = 0;
  /** The bytes of the pending token; those of chunks already returned to the caller are copies. */
  private pieces: Buffer[] = [];
  private escaped = false;

  constructor(private readonly sink: TokenSink) {}

  write(chunk: Buffer): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.kind === 'string') {
        let j = i;
        for (; j < n; j++) {
          const b = chunk[j];
          if (this.escaped) this.escaped = false;
          else if (b === BACKSLASH) this.escaped = true;
          else if (b === QUOTE) break;
          else if (b < 0x20) throw new JsonStreamError(this.offset + j, 'control character in a string');
        }
        if (j === n) {
          this.pieces.push(Buffer.from(chunk.subarray(i)));
          break;
        }
        this.pieces.push(chunk.subarray(i, j + 1));
        this.finish(this.offset + j + 1);
        i = j + 1;
        continue;
      }
      if (this.kind !== undefined) {
        let j = i;
        while (j < n && isWordByte(chunk[j])) j++;
        if (j === n) {
          this.pieces.push(Buffer.from(chunk.subarray(i)));
          break;
        }
        this.pieces.push(chunk.subarray(i, j));
        this.finish(this.offset + j);
        i = j;
        continue;
      }
      const b = chunk[i];
      const at = this.offset + i;
      if (isSpace(b)) i++;
      else if (b === 0x7b || b === 0x7d || b === 0x5b || b === 0x5d || b === 0x3a || b === 0x2c) {
        this.sink(String.fromCharCode(b) as TokenKind, at, at + 1, '');
        i++;
      } else {
        if (b === QUOTE) this.kind = 'string';
        else if (b === 0x2d || (b >= 0x30 && b <= 0x39)) this.kind = 'number';
        else if (b === 0x74 || b === 0x66 || b === 0x6e) this.kind = 'literal';
        else throw new JsonStreamError(at, `unexpected ${JSON.stringify(String.fromCharCode(b))}`);
        this.start = at;
        this.escaped = false;
        this.pieces = [];
        // A string's pieces start after its opening quote (put back in finish()).
        if (this.kind === 'string') i++;
      }
    }
    this.offset += n;
  }

  /** The input ended: a number or literal may still be pending. */
  end(): void {
    if (this.kind === 'string') throw new JsonStreamError(this.offset, 'unterminated string');
    if (this.kind !== undefined) this.finish(this.offset);
  }

  private finish(end: number): void {
    const kind = this.kind!;
    const bytes = (this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces)).toString('utf8');
    const text = kind === 'string' ? `"${bytes}` : bytes;
    this.kind = undefined;
    this.pieces = [];
    if (kind === 'number' && !NUMBER.test(text)) throw new JsonStreamError(this.start, `invalid number ${JSON.stringify(text)}`);
    if (kind === 'literal' && !LITERALS.has(text)) throw new JsonStreamError(this.start, `invalid literal ${JSON.stringify(text)}`);
    this.sink(kind, this.start, end, text);
  }
}

interface Frame {
  array: boolean;
  expect: 'key' | 'colon' | 'value' | 'commaOrEnd';
  first: boolean;
}

/**
 * Checks that the tokens make exactly one JSON value, and when it is an object records where
 * each of its members' values lies (a repeated key keeps its last value, as JSON.parse does).
 */
export class JsonShape {
  readonly members = new Map<string, { start: number; end: number }>();
  topIsObject = false;
  private readonly stack: Frame[] = [];
  private done = false;
  private key = '';
  private valueStart = 0;

  readonly token: TokenSink = (kind, start, end, text) => {
    if (this.done) throw new JsonStreamError(start, 'unexpected data after the JSON value');
    const top = this.stack.at(-1);
    if (top && top.expect === 'key') {
      if (kind === '}' && top.first) return this.close(end);
      if (kind !== 'string') throw new JsonStreamError(start, 'expected a key');
      if (this.stack.length === 1) this.key = JSON.parse(text) as string;
      top.expect = 'colon';
      return;
    }
    if (top && top.expect === 'colon') {
      if (kind !== ':') throw new JsonStreamError(start, "expected ':'");
      top.expect = 'value';
      return;
    }
    if (top && top.expect === 'commaOrEnd') {
      if (kind === ',') {
        top.expect = top.array ? 'value' : 'key';
        top.first = false;
        return;
      }
      if (kind === (top.array ? ']' : '}')) return this.close(end);
      throw new JsonStreamError(start, `expected ',' or '${top.array ? ']' : '}'}'`);
    }
    // A value is expected (at the top, as a member or as an element).
    if (top && top.array && top.first && kind === ']') return this.close(end);
    if (this.stack.length === 1 && !top!.array) this.valueStart = start;
    if (kind === '{' || kind === '[') {
      if (this.stack.length === 0) this.topIsObject = kind === '{';
      this.stack.push({ array: kind === '[', expect: kind === '[' ? 'value' : 'key', first: true });
      return;
    }
    if (kind === 'string' || kind === 'number' || kind === 'literal') return this.valueEnded(end);
    throw new JsonStreamError(start, `unexpected '${kind}'`);
  };

  /** The input ended: it must have held one whole value. */
  end(): void {
    if (!this.done) throw new JsonStreamError(-1, 'the JSON value is incomplete');
  }

  private close(end: number): void {
    this.stack.pop();
    this.valueEnded(end);
  }

  private valueEnded(end: number): void {
    const parent = this.stack.at(-1);
    if (!parent) {
      this.done = true;
      return;
    }
    if (this.stack.length === 1 && !parent.array) this.members.set(this.key, { start: this.valueStart, end });
    parent.expect = 'commaOrEnd';
  }
}

/**
 * Writes the tokens of one value as `JSON.stringify(JSON.parse(value), null, 2)` does, nested
 * `baseDepth` levels deep: scalars are normalised through JSON.parse, so `1.0` is written `1`.
 */
export class JsonPrettyPrinter {
  private depth = 0;
  private pendingOpen: '{' | '[' | undefined;

  constructor(private readonly out: (text: string) => void, private readonly baseDepth = 0) {}

  readonly token: TokenSink = (kind, _start, _end, text) => {
    if (this.pendingOpen) {
      // Whether a container is empty shows only at its next token: `{}` stays on one line.
      const open = this.pendingOpen;
      this.pendingOpen = undefined;
      if (kind === (open === '{' ? '}' : ']')) {
        this.depth--;
        this.out(`${open}${kind}`);
        return;
      }
      this.out(`${open}\n${this.indent()}`);
    }
    switch (kind) {
      case '{':
      case '[':
        this.pendingOpen = kind;
        this.depth++;
        return;
      case '}':
      case ']':
        this.depth--;
        this.out(`\n${this.indent()}${kind}`);
        return;
      case ':':
        this.out(': ');
        return;
      case ',':
        this.out(`,\n${this.indent()}`);
        return;
      case 'literal':
        this.out(text);
        return;
      default:
        this.out(JSON.stringify(JSON.parse(text)));
    }
  };

  private indent(): string {
    return '  '.repeat(this.baseDepth + this.depth);
  }
}
