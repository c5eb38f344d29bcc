/** JSONL files and scratch folders for tests. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonl, scratchDir, writeJsonl } from '../src/index.ts';

let inner = '';

describe('scratchDir', () => {
  inner = scratchDir('gym-files-test-');
  it('is an existing folder during its suite', () => {
    expect(existsSync(inner)).toBe(true);
    expect(path.basename(inner)).toMatch(/^gym-files-test-/);
  });
});

describe('after the suite that made it', () => {
  it('is gone', () => expect(existsSync(inner)).toBe(false));
});

describe('writeJsonl / readJsonl', () => {
  const dir = scratchDir();
  it('writes objects as JSON and strings verbatim, one per line, creating the folder', () => {
    const file = writeJsonl(path.join(dir, 'nested/rows.jsonl'), [{ a: 1 }, '{"b": 2}', [3]]);
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n{"b": 2}\n[3]\n');
    expect(readJsonl(file)).toEqual([{ a: 1 }, { b: 2 }, [3]]);
  });
  it('skips blank lines and fails on a broken one', () => {
    const file = writeJsonl(path.join(dir, 'gaps.jsonl'), [{ a: 1 }, '', '  ', { a: 2 }]);
    expect(readJsonl(file)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(() => readJsonl(writeJsonl(path.join(dir, 'broken.jsonl'), ['{oops']))).toThrow(SyntaxError);
  });
});
