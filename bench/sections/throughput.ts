/**
 * Rollout throughput, side by side: `/run` on the Gym chain and on the bare
 * Fastify chain at each concurrency, alternating which goes first in each
 * repetition so drift of a shared machine hits both. The ratio is taken per
 * repetition (paired), then summarised.
 */
import type { Chain } from '../lib/chains.ts';
import type { BenchContext } from '../lib/context.ts';
import { poolSender, runLoad, type LoadResult } from '../lib/load.ts';
import { cpuTimeMs } from '../lib/processes.ts';
import { pairedRatio, summarize, type Summary } from '../lib/stats.ts';
import { formatNumber, formatRatioSummary, formatSummary, markdownTable } from '../lib/table.ts';
import { isRunResult, runBodies } from '../lib/workload.ts';

/** CPU time each server process spent per rollout (µs), from /proc: robust where wall-clock figures are noisy. */
export type CpuPerRollout = Record<'agent' | 'model' | 'resources' | 'total', number>;

export interface ChainRun extends LoadResult {
  cpuUsPerRollout: CpuPerRollout;
}

export interface SideResult {
  throughput: Summary;
  /** Median over repetitions of the CPU µs per rollout, per server and in total. */
  cpuUsPerRollout: CpuPerRollout;
  p50Ms: Summary;
  p99Ms: Summary;
  errors: number;
  errorSamples: string[];
  runs: ChainRun[];
}

export interface ThroughputPoint {
  concurrency: number;
  gym: SideResult;
  bare: SideResult;
  /** Gym throughput / bare throughput, paired per repetition. */
  ratio: Summary;
}

const CPU_KEYS = ['agent', 'model', 'resources', 'total'] as const;

function side(runs: ChainRun[]): SideResult {
  return {
    throughput: summarize(runs.map((r) => r.throughput)),
    cpuUsPerRollout: Object.fromEntries(CPU_KEYS.map((k) => [k, summarize(runs.map((r) => r.cpuUsPerRollout[k])).median])) as CpuPerRollout,
    p50Ms: summarize(runs.map((r) => r.latencyMs.p50)),
    p99Ms: summarize(runs.map((r) => r.latencyMs.p99)),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    errorSamples: runs.flatMap((r) => r.errorSamples).slice(0, 5),
    runs,
  };
}

export async function loadRun(ctx: BenchContext, chain: Chain, concurrency: number, durationMs: number, warmupMs: number): Promise<ChainRun> {
  const sender = poolSender(chain.agentOrigin, '/run', concurrency);
  const readCpu = () => chain.servers.map((s) => cpuTimeMs(s.pid));
  let before: number[] = [];
  let after: number[] = [];
  try {
    // CPU is read over the measured window only, so JIT warm-up and connection set-up do not count.
    const load = await runLoad({
      sender,
      bodies: runBodies(ctx.rows),
      concurrency,
      durationMs,
      warmupMs,
      accept: isRunResult,
      onWindowStart: () => (before = readCpu()),
      onWindowEnd: () => (after = readCpu()),
    });
    const cpu: CpuPerRollout = { agent: 0, model: 0, resources: 0, total: 0 };
    chain.servers.forEach((s, i) => {
      const us = ((after[i] - before[i]) * 1000) / Math.max(1, load.requests);
      cpu[s.role] += us;
      cpu.total += us;
    });
    return { ...load, cpuUsPerRollout: cpu };
  } finally {
    await sender.close();
  }
}

export async function measureThroughput(ctx: BenchContext, gym: Chain, bare: Chain): Promise<ThroughputPoint[]> {
  const { concurrencies, repetitions, durationMs, warmupMs } = ctx.opts;
  // Both chains are exercised once before anything is measured: JIT and connection pools start warm on both sides.
  for (const chain of [gym, bare]) await loadRun(ctx, chain, 16, warmupMs * 2, 0);
  const points: ThroughputPoint[] = [];
  for (const c of concurrencies) {
    const gymRuns: ChainRun[] = [];
    const bareRuns: ChainRun[] = [];
    for (let r = 0; r < repetitions; r++) {
      const order = r % 2 === 0 ? ([gym, bare] as const) : ([bare, gym] as const);
      for (const chain of order) {
        const result = await loadRun(ctx, chain, c, durationMs, warmupMs);
        (chain === gym ? gymRuns : bareRuns).push(result);
        ctx.log(`/run c=${c} rep ${r + 1}/${repetitions} ${chain.label}: ${result.throughput.toFixed(0)}/s p50 ${result.latencyMs.p50.toFixed(1)} ms p99 ${result.latencyMs.p99.toFixed(1)} ms errors ${result.errors}, CPU/rollout ${result.cpuUsPerRollout.total.toFixed(0)} µs`);
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

/** CPU per rollout of each chain, per server, at each concurrency. */
export function formatCpu(points: ThroughputPoint[]): string {
  const us = (v: number) => formatNumber(v);
  return markdownTable(
    ['concurrency', 'Gym agent', 'Gym model', 'Gym resources', 'Gym total', 'bare agent', 'bare model', 'bare verify', 'bare total', 'Gym / bare'],
    points.map((p) => [
      String(p.concurrency),
      us(p.gym.cpuUsPerRollout.agent),
      us(p.gym.cpuUsPerRollout.model),
      us(p.gym.cpuUsPerRollout.resources),
      us(p.gym.cpuUsPerRollout.total),
      us(p.bare.cpuUsPerRollout.agent),
      us(p.bare.cpuUsPerRollout.model),
      us(p.bare.cpuUsPerRollout.resources),
      us(p.bare.cpuUsPerRollout.total),
      `${formatNumber(p.gym.cpuUsPerRollout.total / p.bare.cpuUsPerRollout.total)}×`,
    ]),
    ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
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
