/**
 * Rollout throughput, side by side: `/run` on the Gym chain and on the bare
 * Fastify chain at each concurrency, alternating which goes first in each
 * repetition so drift of a shared machine hits both. The ratio is taken per
 * repetition (paired), then summarised.
 */
import type { Chain } from '../lib/chains.ts';
import type { BenchContext } from '../lib/context.ts';
import { poolSender, runLoad, type LoadResult } from '../lib/load.ts';
import { pairedRatio, summarize, type Summary } from '../lib/stats.ts';
import { formatNumber, formatRatioSummary, formatSummary, markdownTable } from '../lib/table.ts';
import { isRunResult, runBodies } from '../lib/workload.ts';

export interface SideResult {
  throughput: Summary;
  p50Ms: Summary;
  p99Ms: Summary;
  errors: number;
  errorSamples: string[];
  runs: LoadResult[];
}

export interface ThroughputPoint {
  concurrency: number;
  gym: SideResult;
  bare: SideResult;
  /** Gym throughput / bare throughput, paired per repetition. */
  ratio: Summary;
}

function side(runs: LoadResult[]): SideResult {
  return {
    throughput: summarize(runs.map((r) => r.throughput)),
    p50Ms: summarize(runs.map((r) => r.latencyMs.p50)),
    p99Ms: summarize(runs.map((r) => r.latencyMs.p99)),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    errorSamples: runs.flatMap((r) => r.errorSamples).slice(0, 5),
    runs,
  };
}

export async function loadRun(ctx: BenchContext, chain: Chain, concurrency: number, durationMs: number, warmupMs: number): Promise<LoadResult> {
  const sender = poolSender(chain.agentOrigin, '/run', concurrency);
  try {
    return await runLoad({ sender, bodies: runBodies(ctx.rows), concurrency, durationMs, warmupMs, accept: isRunResult });
  } finally {
    await sender.close();
  }
}

export async function measureThroughput(ctx: BenchContext, gym: Chain, bare: Chain): Promise<ThroughputPoint[]> {
  const { concurrencies, repetitions, durationMs, warmupMs } = ctx.opts;
  const points: ThroughputPoint[] = [];
  for (const c of concurrencies) {
    const gymRuns: LoadResult[] = [];
    const bareRuns: LoadResult[] = [];
    for (let r = 0; r < repetitions; r++) {
      const order = r % 2 === 0 ? ([gym, bare] as const) : ([bare, gym] as const);
      for (const chain of order) {
        const result = await loadRun(ctx, chain, c, durationMs, warmupMs);
        (chain === gym ? gymRuns : bareRuns).push(result);
        ctx.log(`/run c=${c} rep ${r + 1}/${repetitions} ${chain.label}: ${result.throughput.toFixed(0)}/s p50 ${result.latencyMs.p50.toFixed(1)} ms p99 ${result.latencyMs.p99.toFixed(1)} ms errors ${result.errors}`);
      }
    }
    points.push({
      concurrency: c,
      gym: side(gymRuns),
      bare: side(bareRuns),
      ratio: pairedRatio(
        gymRuns.map((g) => g.throughput),
        bareRuns.map((b) => b.throughput),
      ),
    });
  }
  return points;
}

export function formatThroughput(points: ThroughputPoint[]): string {
  return markdownTable(
    ['concurrency', 'Gym rollouts/s', 'Gym p50 ms', 'Gym p99 ms', 'Gym errors', 'bare rollouts/s', 'bare p50 ms', 'bare p99 ms', 'bare errors', 'Gym / bare'],
    points.map((p) => [
      String(p.concurrency),
      formatSummary(p.gym.throughput),
      formatNumber(p.gym.p50Ms.median),
      formatNumber(p.gym.p99Ms.median),
      String(p.gym.errors),
      formatSummary(p.bare.throughput),
      formatNumber(p.bare.p50Ms.median),
      formatNumber(p.bare.p99Ms.median),
      String(p.bare.errors),
      formatRatioSummary(p.ratio),
    ]),
    ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}
