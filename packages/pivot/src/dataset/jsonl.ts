/**
 * Line-by-line JSONL input and output. Files are streamed (readline in,
 * backpressure-aware writes out) so memory does not grow with file size.
 */
import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { PivotErrors } from './errors.ts';

export interface NumberedLine {
  /** 1-based; blank lines are skipped but still counted. */
  line: number;
  text: string;
}

/** Non-blank lines of a text file, with their 1-based line numbers. */
export async function* readLines(path: string, what = 'input file'): AsyncGenerator<NumberedLine> {
  if (!existsSync(path)) throw PivotErrors.fileNotFound(path, what);
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (text.trim() !== '') yield { line, text };
  }
}

/** A JSONL writer that waits for the stream to drain when its buffer is full. */
export class JsonlWriter {
  private readonly stream: WriteStream;
  count = 0;
  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }

  async write(value: unknown): Promise<void> {
    this.count++;
    if (!this.stream.write(`${JSON.stringify(value)}\n`)) await once(this.stream, 'drain');
  }

  /** Write a line of text as it is (e.g. a source row kept byte for byte). */
  async writeRaw(text: string): Promise<void> {
    this.count++;
    if (!this.stream.write(`${text}\n`)) await once(this.stream, 'drain');
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

/** The value at a dotted path (`a.b.0.c`); a missing segment or a non-container on the way gives undefined. */
export function getPath(value: unknown, path: string): unknown {
  let node: unknown = value;
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
