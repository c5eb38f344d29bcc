/** Streamed JSON: tokens across any chunking, validation, top-level member ranges, and pretty printing identical to JSON.stringify. */
import { describe, expect, it } from 'vitest';
import { JsonPrettyPrinter, JsonShape, JsonStreamError, JsonTokenizer, type TokenSink } from '../src/rollouts/json-stream.ts';

/** A deterministic pseudo-random source, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomValue(rnd: () => number, depth = 0): unknown {
  const pick = Math.floor(rnd() * (depth > 3 ? 5 : 7));
  const strings = ['', 'a', 'mean/reward', 'é→ü "quoted" \\ back', '\u0001\n\t', '😀 emoji', '__proto__'];
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rnd() < 0.5;
    case 2:
      return [0, -0, 1.5, -2e-7, 123456789012, 1e21, 0.1 + 0.2][Math.floor(rnd() * 7)];
    case 3:
    case 4:
      return strings[Math.floor(rnd() * strings.length)];
    case 5:
      return Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(rnd, depth + 1));
    default: {
      const obj: Record<string, unknown> = {};
      for (let i = Math.floor(rnd() * 4); i > 0; i--) obj[`${strings[Math.floor(rnd() * strings.length)]}${i}`] = randomValue(rnd, depth + 1);
      return obj;
    }
  }
}

/** Feed `text` in chunks of random sizes (1 to 9 bytes) to the sinks. */
function feed(text: string | Buffer, rnd: () => number, ...sinks: TokenSink[]): void {
  const bytes = Buffer.from(text);
  const tokenizer = new JsonTokenizer((...args) => sinks.forEach((sink) => sink(...args)));
  // The caller's buffer is reused between chunks, as a file reader's would be.
  const scratch = Buffer.alloc(16);
  for (let i = 0; i < bytes.length; ) {
    const n = Math.min(bytes.length - i, 1 + Math.floor(rnd() * 9));
    bytes.copy(scratch, 0, i, i + n);
    tokenizer.write(scratch.subarray(0, n));
    scratch.fill(0x78);
    i += n;
  }
  tokenizer.end();
}

function pretty(text: string, rnd: () => number, baseDepth = 0): string {
  let out = '';
  const shape = new JsonShape();
  feed(text, rnd, shape.token, new JsonPrettyPrinter((s) => (out += s), baseDepth).token);
  shape.end();
  return out;
}

describe('JsonTokenizer + JsonPrettyPrinter', () => {
  it('print any value as JSON.stringify(value, null, 2), whatever the chunking, compact or spaced input', () => {
    const rnd = random(7);
    for (let i = 0; i < 300; i++) {
      const value = randomValue(rnd);
      const expected = JSON.stringify(value, null, 2);
      expect(pretty(JSON.stringify(value), rnd)).toBe(expected);
      expect(pretty(JSON.stringify(value, null, 3), rnd)).toBe(expected);
    }
  });

  it('normalise scalars as JSON.parse would, and indent a nested value from its base depth', () => {
    const rnd = random(1);
    expect(pretty('[1.0, 1E2, -0, 1e400, "\\u00e9\\/"]', rnd)).toBe(JSON.stringify([1, 100, 0, null, 'é/'], null, 2));
    const inner = { a: [1, { b: {} }], c: [] };
    const nested = JSON.stringify({ x: { y: inner } }, null, 2);
    const printed = pretty(JSON.stringify(inner), rnd, 2);
    expect(nested).toContain(`"y": ${printed}`);
  });
});

describe('JsonShape', () => {
  it('records the byte range of each top-level member (the last of a repeated key)', () => {
    const text = '{ "group_level_metrics": [{"t": 0}, {"t": 1}], "agent_metrics": {"mean/é": 0.5}, "n": 3, "n": 4, "s": "x" }';
    const shape = new JsonShape();
    feed(text, random(3), shape.token);
    shape.end();
    expect(shape.topIsObject).toBe(true);
    const bytes = Buffer.from(text);
    const members = Object.fromEntries([...shape.members].map(([k, r]) => [k, JSON.parse(bytes.subarray(r.start, r.end).toString())]));
    expect(members).toEqual(JSON.parse(text));
  });

  it('rejects what JSON.parse rejects', () => {
    const bad = ['', '{', '{"a":1,}', '[1,]', '{"a" 1}', '{1:2}', '[1 2]', '"open', 'tru', '01', '1.', '[]]', '{"a":1}{}', 'nul', '"\u0001"', '-', '{"a":}'];
    const rnd = random(5);
    for (const text of bad) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(() => {
        const shape = new JsonShape();
        feed(text, rnd, shape.token);
        shape.end();
      }, text).toThrow(JsonStreamError);
    }
  });
});
