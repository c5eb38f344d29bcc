/** readFileLines / LineAtReader: exact byte offsets, blank and CRLF lines, lines longer than a chunk, reads back by offset. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '@gym/testing';
import { LineAtReader, readFileLines, type FileLine } from '../src/rollouts/file-lines.ts';

const scratch = scratchDir('gym-file-lines-');
let n = 0;

function file(content: string | Buffer): string {
  const f = path.join(scratch, `f${n++}.jsonl`);
  writeFileSync(f, content);
  return f;
}

async function all(f: string, chunkBytes?: number): Promise<FileLine[]> {
  const out: FileLine[] = [];
  for await (const line of readFileLines(f, chunkBytes)) out.push(line);
  return out;
}

describe('readFileLines', () => {
  it('gives every non-blank line with its number and byte offset, whatever the chunk size', async () => {
    const lines = ['{"a":1}', '', '  ', '{"é":"ü→"}', '{"b":2}\r', '{"last":true}'];
    const content = lines.join('\n');
    const f = file(content);
    const bytes = Buffer.from(content);
    for (const chunk of [1, 3, 7, 64 * 1024]) {
      const got = await all(f, chunk);
      expect(got.map((l) => [l.line, l.text])).toEqual([
        [1, '{"a":1}'],
        [4, '{"é":"ü→"}'],
        [5, '{"b":2}'],
        [6, '{"last":true}'],
      ]);
      for (const l of got) expect(bytes.subarray(l.offset, l.offset + l.length).toString('utf8').replace(/\r$/, '')).toBe(l.text);
    }
  });

  it('reads a line many times longer than its buffer, and an empty file', async () => {
    const long = JSON.stringify({ text: 'x'.repeat(200_000) });
    const got = await all(file(`${long}\n{"next":1}\n`), 1024);
    expect(got.map((l) => l.text)).toEqual([long, '{"next":1}']);
    expect(got[1].offset).toBe(long.length + 1);
    expect(await all(file(''))).toEqual([]);
  });
});

describe('LineAtReader', () => {
  it('reads lines back by offset, in any order, through a window smaller than the file', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => JSON.stringify({ i, pad: 'y'.repeat(i * 7) }));
    const f = file(`${rows.join('\r\n')}\r\n`);
    const index = await all(f);
    const reader = new LineAtReader(f, 256);
    try {
      const order = [...index.keys()].reverse().concat([...index.keys()]);
      for (const i of order) expect(reader.read(index[i].offset, index[i].length)).toBe(rows[i]);
    } finally {
      reader.close();
    }
  });

  it('says so when the file is shorter than the line asked for', () => {
    const f = file('{"a":1}\n');
    const reader = new LineAtReader(f);
    try {
      expect(() => reader.read(4, 100)).toThrow(/ended before byte 104/);
    } finally {
      reader.close();
    }
  });
});
