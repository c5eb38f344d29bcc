/**
 * Line access to the JSONL files of a collection with bounded memory: a sequential reader that
 * reads ahead one chunk at most and gives each line's byte offset, and a random-access reader that
 * fetches a line back by (offset, length). The index of a 100k-row file is then a few typed arrays,
 * not the rows.
 *
 * Why not `readline`: its async iterator buffers up to 1024 lines ahead of the consumer; rows that
 * wait that long outlive the young generation, so every one of them is promoted and the old space
 * grows with the run. It also yields decoded strings, whose byte offsets would have to be re-derived.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';

export interface FileLine {
  /** 1-based line number in the file (blank lines are counted, never yielded). */
  line: number;
  /** Byte offset of the line's first byte. */
  offset: number;
  /** Bytes of the line without its `\n` (a trailing `\r` is counted, and dropped from `text`). */
  length: number;
  text: string;
}

const NEWLINE = 0x0a;
const CR = 0x0d;
const CHUNK_BYTES = 64 * 1024;

function decode(buf: Buffer, start: number, end: number): string {
  return buf.toString('utf8', start, end > start && buf[end - 1] === CR ? end - 1 : end);
}

/** Non-blank lines of a file, in order (the last one even without a final newline). */
export async function* readFileLines(file: string, chunkBytes = CHUNK_BYTES): AsyncGenerator<FileLine> {
  const handle = await open(file, 'r');
  try {
    let buf = Buffer.allocUnsafe(chunkBytes);
    // buf[0, end) holds the file's bytes from `base` on; the current line starts at buf[start].
    let base = 0;
    let start = 0;
    let end = 0;
    let scanned = 0;
    let line = 0;
    let eof = false;
    for (;;) {
      const nl = buf.indexOf(NEWLINE, scanned);
      if (nl !== -1 && nl < end) {
        line++;
        const text = decode(buf, start, nl);
        if (text.trim() !== '') yield { line, offset: base + start, length: nl - start, text };
        start = scanned = nl + 1;
        continue;
      }
      scanned = end;
      if (eof) break;
      // Keep the partial line, at the front of the buffer (grown if one line outgrows it).
      if (start > 0) {
        buf.copy(buf, 0, start, end);
        base += start;
        end -= start;
        scanned -= start;
        start = 0;
      }
      if (end === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, end);
        buf = bigger;
      }
      const { bytesRead } = await handle.read(buf, end, buf.length - end, base + end);
      if (bytesRead === 0) eof = true;
      end += bytesRead;
    }
    if (start < end) {
      line++;
      const text = decode(buf, start, end);
      if (text.trim() !== '') yield { line, offset: base + start, length: end - start, text };
    }
  } finally {
    await handle.close();
  }
}

/**
 * Reads lines back by (offset, length) through one window of the file, so lines asked for in
 * (roughly) file order cost one read per window rather than one per line.
 */
export class LineAtReader {
  private fd: number | undefined;
  private window: Buffer;
  private windowStart = 0;
  private windowEnd = 0;

  constructor(readonly file: string, windowBytes = 4 * CHUNK_BYTES) {
    this.fd = openSync(file, 'r');
    this.window = Buffer.allocUnsafe(windowBytes);
  }

  /** The text of the line at `offset` (`length` bytes, as `readFileLines` gave them). */
  read(offset: number, length: number): string {
    if (this.fd === undefined) throw new Error(`LineAtReader for ${this.file} is closed`);
    if (offset < this.windowStart || offset + length > this.windowEnd) {
      if (length > this.window.length) this.window = Buffer.allocUnsafe(length);
      let got = 0;
      while (got < this.window.length) {
        const n = readSync(this.fd, this.window, got, this.window.length - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      if (got < length) throw new Error(`${this.file} ended before byte ${offset + length}: was it changed while being read?`);
      this.windowStart = offset;
      this.windowEnd = offset + got;
    }
    const from = offset - this.windowStart;
    return decode(this.window, from, from + length);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
