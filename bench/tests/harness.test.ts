// The bench harness's pure helpers: the statistics and formatting every reported figure goes through.
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../lib/options.ts';
import type { BenchResults } from '../lib/report.ts';
import { checkTargets } from '../lib/targets.ts';
import { latencyStats, median, pairedRatio, percentile, ratio, steadyGrowth, summarize } from '../lib/stats.ts';
import { formatNumber, formatRatioSummary, formatSummary, markdownTable } from '../lib/table.ts';

describe('percentiles', () => {
  it('interpolates between closest ranks, whatever the input order', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 90)).toBe(46);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([3, 1, 2], 100)).toBe(3);
  });

  it('is NaN for no samples and rejects a percentile outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('summarises latencies of one run', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    const stats = latencyStats(samples.reverse());
    expect(stats.p50).toBe(50.5);
    expect(stats.p90).toBeCloseTo(90.1, 9);
    expect(stats.p99).toBeCloseTo(99.01, 9);
    expect(stats.max).toBe(100);
  });
});

describe('repetitions and ratios', () => {
  it('gives median and range, leaving failed repetitions (NaN) out', () => {
    expect(summarize([3, Number.NaN, 1, 2])).toEqual({ median: 2, min: 1, max: 3, n: 3 });
    expect(summarize([]).n).toBe(0);
    expect(median([5, 1, 9, 3])).toBe(4);
  });

  it('never divides by zero silently', () => {
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(Number.NaN, 2)).toBeNaN();
  });

  it('pairs ratios per repetition instead of dividing medians', () => {
    // Drift: both sides slow down together in the 2nd repetition; paired ratios stay at 0.5.
    const r = pairedRatio([50, 25, 60], [100, 50, 120]);
    expect(r).toEqual({ median: 0.5, min: 0.5, max: 0.5, n: 3 });
    expect(() => pairedRatio([1], [1, 2])).toThrow(RangeError);
  });

  it('measures RSS growth after warm-up, not from the start', () => {
    const flat = [50, 80, 100, 100, 101, 100, 100, 101];
    expect(steadyGrowth(flat).growth).toBeCloseTo(0.005, 3);
    const leak = [100, 110, 120, 130, 140, 150, 160, 170];
    expect(steadyGrowth(leak).growth).toBeGreaterThan(0.2);
    expect(steadyGrowth([1, 2]).growth).toBeNaN();
  });
});

describe('formatting', () => {
  it('prints an aligned markdown table and escapes pipes', () => {
    const table = markdownTable(['name', 'value'], [['a|b', '1'], ['c', '1000']], ['left', 'right']);
    expect(table).toBe(['| name | value |', '| ---- | ----: |', '| a\\|b |     1 |', '| c    |  1000 |'].join('\n'));
    expect(() => markdownTable(['a', 'b'], [['only one']])).toThrow(/row 0 has 1 cells/);
  });

  it('formats numbers, summaries and ratios', () => {
    expect(formatNumber(1234.56)).toBe('1235');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(0.12345)).toBe('0.123');
    expect(formatNumber(Number.NaN)).toBe('n/a');
    expect(formatSummary({ median: 12.34, min: 10, max: 15.5, n: 3 }, ' ms')).toBe('12.3 ms (10–15.5)');
    expect(formatSummary({ median: 2, min: 2, max: 2, n: 1 })).toBe('2');
    expect(formatRatioSummary({ median: 0.823, min: 0.78, max: 0.851, n: 3 })).toBe('82% (78–85%)');
  });
});

describe('options and targets', () => {
  it('parses --quick and --only, and rejects unknown sections', () => {
    const quick = parseBenchArgs(['--quick', '--only', 'throughput,hop']);
    expect(quick.quick).toBe(true);
    expect([...quick.sections]).toEqual(['throughput', 'hop']);
    expect(quick.out).toBe('bench/results/quick.json');
    expect(parseBenchArgs([]).collectRows).toEqual([1_000, 10_000, 100_000]);
    expect(() => parseBenchArgs(['--only', 'speed'])).toThrow(/unknown section/);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/unknown bench option/);
  });

  it('checks each target against the measured figures and says n/a for what did not run', () => {
    const cpuUsPerRollout = { agent: 1, model: 1, resources: 1, total: 3 };
    const side = { throughput: summarize([1]), cpuUsPerRollout, p50Ms: summarize([1]), p99Ms: summarize([1]), errors: 0, errorSamples: [], runs: [] };
    const results = {
      mode: 'quick',
      startedAt: '2025-01-01T00:00:00Z',
      machine: { cores: 2, cpu: 'x', memoryGb: 1, node: 'v20', platform: 'linux', loadAverage: [0, 0, 0] },
      modelChoice: 'replay',
      failures: [],
      throughput: [
        { concurrency: 64, gym: side, bare: side, ratio: summarize([0.7]) },
        { concurrency: 256, gym: side, bare: side, ratio: summarize([0.5]) },
      ],
    } as BenchResults;
    const targets = checkTargets(results);
    expect(targets.find((t) => t.name.endsWith('concurrency 64'))?.pass).toBe(true);
    expect(targets.find((t) => t.name.endsWith('concurrency 256'))?.pass).toBe(false);
    expect(targets.find((t) => t.name.startsWith('cold start'))?.pass).toBeUndefined();
  });
});
