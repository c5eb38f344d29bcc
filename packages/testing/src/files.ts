/** Files for tests: JSONL read and written the way the data tools do, and scratch folders. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** Every non-blank line of a JSONL file, parsed. */
export function readJsonl<T = Record<string, unknown>>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** Write one line per entry (strings as they are, so tests can plant broken lines; anything else as JSON), creating the folder; returns `file`. */
export function writeJsonl(file: string, lines: readonly unknown[]): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

/** A fresh folder under the system temp dir, removed after the enclosing suite (or the test file at top level). */
export function scratchDir(prefix = 'gym-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
