/**
 * Sustained load: 256 concurrent `/run` rollouts on the Gym chain for a long
 * window (60 s in the full suite). Every request must succeed (no broken
 * keep-alive connections, no resets) and each server's RSS must stay flat
 * after warm-up.
 */
import type { Chain } from '../lib/chains.ts';
import type { BenchContext } from '../lib/context.ts';
import type { LoadResult } from '../lib/load.ts';
import { sampleRss, treeRss } from '../lib/processes.ts';
import { steadyGrowth } from '../lib/stats.ts';
import { formatMegabytes, formatNumber, formatPercent, markdownTable } from '../lib/table.ts';
import { loadRun } from './throughput.ts';

export interface SoakResult {
  concurrency: number;
  durationMs: number;
  load: LoadResult;
  rss: Array<{ name: string; afterWarmupBytes: number; endBytes: number; maxBytes: number; growth: number }>;
}

export async function measureSoak(ctx: BenchContext, gym: Chain): Promise<SoakResult> {
  const { concurrency, durationMs, rssIntervalMs } = ctx.opts.load;
  const sampler = sampleRss(Object.fromEntries(gym.servers.map((s) => [`${s.role} (${s.name})`, s.pid])), rssIntervalMs, treeRss);
  // No separate warm-up: every request of the window counts, errors included.
  const load = await loadRun(ctx, gym, concurrency, durationMs, 0);
  const series = sampler.stop();
  ctx.log(`load c=${concurrency} ${durationMs / 1000}s: ${load.requests} rollouts, ${load.errors} errors`);
  return {
    concurrency,
    durationMs,
    load,
    rss: Object.entries(series).map(([name, values]) => {
      const g = steadyGrowth(values);
      return { name, afterWarmupBytes: g.afterWarmup, endBytes: g.end, maxBytes: Math.max(...values), growth: g.growth };
    }),
  };
}

export function formatSoak(r: SoakResult): string {
  const head = markdownTable(
    ['sustained load', 'rollouts', 'rollouts/s', 'p50 ms', 'p99 ms', 'errors'],
    [[`${r.concurrency} concurrent for ${r.durationMs / 1000} s`, String(r.load.requests), formatNumber(r.load.throughput), formatNumber(r.load.latencyMs.p50), formatNumber(r.load.latencyMs.p99), String(r.load.errors)]],
    ['left', 'right', 'right', 'right', 'right', 'right'],
  );
  const rss = markdownTable(
    ['Gym server under load', 'RSS after warm-up', 'RSS at end', 'max', 'growth'],
    r.rss.map((s) => [s.name, formatMegabytes(s.afterWarmupBytes), formatMegabytes(s.endBytes), formatMegabytes(s.maxBytes), formatPercent(s.growth)]),
    ['left', 'right', 'right', 'right', 'right'],
  );
  return `${head}\n\n${rss}`;
}
