/**
 * JSONL streaming: read rows one line at a time with their line numbers, append whole lines with
 * one write() each (so a crash can only tear the last line), and repair such a torn tail.
 */
import { closeSync, createReadStream, existsSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dataErrors } from './errors.ts';

export type Row = Record<string, unknown>;

export interface Line {
  /** 1-based line number in the file. */
  line: number;
  text: string;
}

/** Non-blank lines of a file, streamed. */
export async function* readLines(file: string): AsyncGenerator<Line> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (text.trim() !== '') yield { line, text };
  }
}

/** Parse one line as a JSON object, or fail naming the file and line. */
export function parseRow(file: string, line: number, text: string): Row {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw dataErrors.badJson(file, line, (err as Error).message);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw dataErrors.notAnObject(file, line);
  return value as Row;
}

/** Rows of a JSONL file, streamed and parsed. */
export async function* readRows(file: string): AsyncGenerator<{ line: number; text: string; row: Row }> {
  for await (const { line, text } of readLines(file)) yield { line, text, row: parseRow(file, line, text) };
}

/**
 * Appends complete lines to a file. Each line (JSON + newline) goes out in a single write() on an
 * O_APPEND descriptor, so a kill between writes never leaves half a row behind a whole one.
 */
export class LineWriter {
  private fd: number | undefined;
  count = 0;

  constructor(readonly file: string, mode: 'a' | 'w' = 'a') {
    this.fd = openSync(file, mode);
  }

  write(value: unknown): void {
    this.writeText(typeof value === 'string' ? value : JSON.stringify(value));
  }

  writeText(json: string): void {
    if (this.fd === undefined) throw new Error(`LineWriter for ${this.file} is closed`);
    const buf = Buffer.from(`${json}\n`, 'utf8');
    let off = 0;
    // A regular file takes the whole buffer in one call; the loop only guards against a short write.
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.count++;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Cut a torn last line (bytes after the last newline) left by a crash mid-write.
 * Returns the number of bytes removed (0 when the file is absent or ends cleanly).
 */
export function repairTornTail(file: string): number {
  if (!existsSync(file)) return 0;
  const fd = openSync(file, 'r+');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return 0;
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const n = readSync(fd, chunk, 0, end - start, start);
      const nl = chunk.subarray(0, n).lastIndexOf(0x0a);
      if (nl >= 0) {
        const keep = start + nl + 1;
        if (keep < size) ftruncateSync(fd, keep);
        return size - keep;
      }
      end = start;
    }
    ftruncateSync(fd, 0);
    return size;
  } finally {
    closeSync(fd);
  }
}
