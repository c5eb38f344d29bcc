import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '@gym/testing';
import { LineWriter, readLines, repairTornTail } from '../src/index.ts';

const scratch = scratchDir('gym-data-');

describe('LineWriter and repairTornTail', () => {
  it('appends whole lines and cuts only a torn last line', async () => {
    const file = path.join(scratch, 'a.jsonl');
    const w = new LineWriter(file, 'w');
    w.write({ a: 1 });
    w.write({ b: 'é' });
    w.close();
    expect(repairTornTail(file)).toBe(0);
    appendFileSync(file, '{"c": 3, "trunc');
    expect(repairTornTail(file)).toBe(15);
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n{"b":"é"}\n');
    const lines: number[] = [];
    for await (const l of readLines(file)) lines.push(l.line);
    expect(lines).toEqual([1, 2]);
  });

  it('empties a file holding only a torn line, and ignores a missing file', () => {
    const file = path.join(scratch, 'b.jsonl');
    appendFileSync(file, '{"half');
    expect(repairTornTail(file)).toBe(6);
    expect(readFileSync(file, 'utf8')).toBe('');
    expect(repairTornTail(path.join(scratch, 'absent.jsonl'))).toBe(0);
  });
});
