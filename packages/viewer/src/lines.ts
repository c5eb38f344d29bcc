/**
 * Stream a JSONL file line by line with the exact byte offset of each line,
 * and read one line back by offset. The index keeps only offsets, so a file
 * larger than memory can be browsed.
 *
 * Why not `readline`: it yields decoded strings, so offsets would have to be
 * re-derived from `Buffer.byteLength`, which is wrong for CRLF files (the `\r`
 * is dropped) and for invalid UTF-8 (replacement characters change the
 * length). Splitting the raw bytes on `\n` keeps the offsets exact.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

export interface RawLine {
  /** 1-based line number in the file. */
  number: number;
  /** Byte offset of the line's first byte. */
  offset: number;
  /** Bytes of the line, without the `\n` (a trailing `\r` is counted, and dropped from `text`). */
  length: number;
  text: string;
}

const NEWLINE = 0x0a;

function decode(bytes: Buffer): string {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
  return bytes.toString('utf8', 0, end);
}

/** Every line of the file (the last one even without a final newline), in order. */
export async function* readLinesWithOffsets(path: string): AsyncGenerator<RawLine> {
  let pending: Buffer[] = [];
  let pendingStart = 0;
  let position = 0;
  let number = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(NEWLINE, from); nl !== -1; nl = chunk.indexOf(NEWLINE, from)) {
      const piece = chunk.subarray(from, nl);
      const bytes = pending.length ? Buffer.concat([...pending, piece]) : piece;
      number += 1;
      yield { number, offset: pendingStart, length: bytes.length, text: decode(bytes) };
      pending = [];
      from = nl + 1;
      pendingStart = position + from;
    }
    if (from < chunk.length) pending.push(chunk.subarray(from));
    position += chunk.length;
  }
  if (pending.length) {
    const bytes = Buffer.concat(pending);
    yield { number: number + 1, offset: pendingStart, length: bytes.length, text: decode(bytes) };
  }
}

/** The text of one line, read from disk by its offset and length. */
export async function readLineAt(path: string, offset: number, length: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await handle.read(buffer, read, length - read, offset + read);
      if (bytesRead === 0) throw new Error(`the file ended before byte ${offset + length}; was it changed? Reload the viewer.`);
      read += bytesRead;
    }
    return decode(buffer);
  } finally {
    await handle.close();
  }
}
