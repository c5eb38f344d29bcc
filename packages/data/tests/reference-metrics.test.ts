/** Every example dataset recorded from the reference: our metrics file must be the same bytes. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '@gym/testing';
import { DatasetMetrics, pyDumps, readRows } from '../src/index.ts';

const base = fixturesDir('servers/');
const cases = base
  ? readdirSync(base).flatMap((server) =>
      readdirSync(`${base}${server}`)
        .filter((f) => f.endsWith('_metrics.json') && existsSync(`${base}${server}/${f.replace('_metrics.json', '.jsonl')}`))
        .map((f) => [server, f] as const),
    )
  : [];

describe.skipIf(!base)('dataset metrics reproduce the reference recordings byte for byte', () => {
  it('has recordings to compare with', () => expect(cases.length).toBeGreaterThan(0));
  it.each(cases)('%s/%s', async (server, file) => {
    const expected = readFileSync(`${base}${server}/${file}`, 'utf8');
    const recorded = JSON.parse(expected) as Record<string, unknown>;
    // The config fields are the keys before the statistics.
    const keys = Object.keys(recorded);
    const header = Object.fromEntries(keys.slice(0, keys.indexOf('Number of examples')).map((k) => [k, recorded[k]]));
    const jsonl = `${base}${server}/${file.replace('_metrics.json', '.jsonl')}`;
    const metrics = new DatasetMetrics();
    for await (const { line, row } of readRows(jsonl)) metrics.observe(row, { file: jsonl, line }, Number(recorded.num_repeats ?? 1));
    expect(pyDumps(metrics.toJson(header), { indent: 4 })).toBe(expected);
  });
});
