import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLineAt, readLinesWithOffsets, type RawLine } from '../src/lines.ts';
import { tempDir } from './helpers.ts';

async function collect(path: string): Promise<RawLine[]> {
  const out: RawLine[] = [];
  for await (const line of readLinesWithOffsets(path)) out.push(line);
  return out;
}

function fileWith(content: string | Buffer): string {
  const path = join(tempDir(), 'lines.jsonl');
  writeFileSync(path, content);
  return path;
}

describe('readLinesWithOffsets', () => {
  it('gives the byte offset of every line, counting multi-byte characters and CRLF', async () => {
    const content = '{"a":"héllo ✓"}\r\n\n{"b":"日本"}\n{"c":1}';
    const path = fileWith(content);
    const lines = await collect(path);
    expect(lines.map((l) => [l.number, l.text])).toEqual([
      [1, '{"a":"héllo ✓"}'],
      [2, ''],
      [3, '{"b":"日本"}'],
      [4, '{"c":1}'],
    ]);
    const bytes = Buffer.from(content);
    for (const l of lines) {
      expect(bytes.subarray(l.offset, l.offset + l.length).toString('utf8').replace(/\r$/, '')).toBe(l.text);
      expect(await readLineAt(path, l.offset, l.length)).toBe(l.text);
    }
  });

  it('does not invent a line after a final newline', async () => {
    const lines = await collect(fileWith('{"a":1}\n{"b":2}\n'));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ number: 2, offset: 8, length: 7 });
  });

  it('keeps offsets exact for lines that straddle read chunks', async () => {
    // Lines of varied length, several MB in total, so many lines cross the 1 MB chunk boundaries.
    const texts = Array.from({ length: 300 }, (_, k) => JSON.stringify({ k, pad: 'é'.repeat(((k * 7919) % 20000) + 1) }));
    const path = fileWith(texts.join('\n'));
    const lines = await collect(path);
    expect(lines.map((l) => l.text)).toEqual(texts);
    for (const k of [0, 57, 123, 299]) expect(await readLineAt(path, lines[k].offset, lines[k].length)).toBe(texts[k]);
  });

  it('reports a line that the file no longer holds', async () => {
    const path = fileWith('{"a":1}\n');
    await expect(readLineAt(path, 0, 100)).rejects.toThrow(/file ended before byte 100/);
  });
});
