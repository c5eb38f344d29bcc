/**
 * Per-hop overhead: one `/v1/responses` hop with a pivot row's parameters,
 * Gym's ServerClient → a Gym model server (bench/hop/gym-echo-server.ts)
 * against undici → a bare Fastify echo answering the same bytes. The
 * difference of their latency percentiles, paired per repetition, is what
 * Gym's server base + client add to each hop.
 */
import { ServerClient } from '@gym/client';
import { startBareModel } from '../lib/chains.ts';
import type { BenchContext } from '../lib/context.ts';
import { agentSender, runLoad, type LoadResult, type Sender } from '../lib/load.ts';
import { cpuTimeMs, spawnNode } from '../lib/processes.ts';
import { summarize, type Summary } from '../lib/stats.ts';
import { formatDeltaMs, formatNumber, formatSummary, markdownTable } from '../lib/table.ts';

export interface HopSide {
  p50Ms: Summary;
  p99Ms: Summary;
  throughput: Summary;
  errors: number;
  /** CPU µs per request of the server process (from /proc) and of the calling client (this process). */
  serverCpuUs: Summary;
  clientCpuUs: Summary;
}

export interface HopResult {
  concurrency: number;
  gym: HopSide;
  bare: HopSide;
  /** Gym minus bare, per repetition. */
  addedP50Ms: Summary;
  addedP99Ms: Summary;
}

const ECHO_NAME = 'bench_echo_model';

function clientSender(client: ServerClient): Sender {
  return {
    async send(body) {
      const res = await client.post(ECHO_NAME, '/v1/responses', body);
      return { status: res.status, text: res.text };
    },
    close: async () => {},
  };
}

export async function measureHop(ctx: BenchContext): Promise<HopResult> {
  const { concurrency, durationMs, warmupMs, repetitions } = ctx.opts.hop;
  const gymProc = spawnNode(['--import', 'tsx', 'bench/hop/gym-echo-server.ts'], { env: { BENCH_CANNED_FILE: ctx.cannedFile } });
  const bare = await startBareModel(ctx.cannedFile);
  try {
    const port = Number(await gymProc.waitFor(/^listening (\d+)$/));
    const client = new ServerClient({ [ECHO_NAME]: { responses_api_models: { bench_echo: { host: '127.0.0.1', port } } } });
    const senders = { gym: clientSender(client), bare: agentSender(`${bare.origin}/v1/responses`) };
    const bodies = ctx.rows.map((r) => JSON.stringify(r.responses_create_params));
    const runs: Record<'gym' | 'bare', Array<LoadResult & { serverCpuUs: number; clientCpuUs: number }>> = { gym: [], bare: [] };
    const pids = { gym: gymProc.child.pid!, bare: bare.pid };
    for (let r = 0; r < repetitions; r++) {
      const order = r % 2 === 0 ? (['gym', 'bare'] as const) : (['bare', 'gym'] as const);
      for (const which of order) {
        const server0 = cpuTimeMs(pids[which]);
        const client0 = process.cpuUsage();
        const load = await runLoad({ sender: senders[which], bodies, concurrency, durationMs, warmupMs, accept: (t) => t.includes('"function_call"') });
        const client = process.cpuUsage(client0);
        const n = Math.max(1, load.completed);
        const result = { ...load, serverCpuUs: ((cpuTimeMs(pids[which]) - server0) * 1000) / n, clientCpuUs: (client.user + client.system) / n };
        runs[which].push(result);
        ctx.log(`hop ${which} rep ${r + 1}/${repetitions}: p50 ${result.latencyMs.p50.toFixed(2)} ms p99 ${result.latencyMs.p99.toFixed(2)} ms ${result.throughput.toFixed(0)}/s errors ${result.errors}`);
      }
    }
    await Promise.all([senders.gym.close(), senders.bare.close()]);
    const sideOf = (list: (typeof runs)['gym']): HopSide => ({
      p50Ms: summarize(list.map((x) => x.latencyMs.p50)),
      p99Ms: summarize(list.map((x) => x.latencyMs.p99)),
      throughput: summarize(list.map((x) => x.throughput)),
      errors: list.reduce((n, x) => n + x.errors, 0),
      serverCpuUs: summarize(list.map((x) => x.serverCpuUs)),
      clientCpuUs: summarize(list.map((x) => x.clientCpuUs)),
    });
    return {
      concurrency,
      gym: sideOf(runs.gym),
      bare: sideOf(runs.bare),
      addedP50Ms: summarize(runs.gym.map((g, i) => g.latencyMs.p50 - runs.bare[i].latencyMs.p50)),
      addedP99Ms: summarize(runs.gym.map((g, i) => g.latencyMs.p99 - runs.bare[i].latencyMs.p99)),
    };
  } finally {
    await Promise.all([gymProc.stop(), bare.stop()]);
  }
}

export function formatHop(r: HopResult): string {
  return markdownTable(
    [`one hop, concurrency ${r.concurrency}`, 'p50 ms', 'p99 ms', 'requests/s', 'server CPU µs/request', 'client CPU µs/request', 'errors'],
    [
      ['Gym: ServerClient → Gym server', formatSummary(r.gym.p50Ms), formatSummary(r.gym.p99Ms), formatNumber(r.gym.throughput.median), formatNumber(r.gym.serverCpuUs.median), formatNumber(r.gym.clientCpuUs.median), String(r.gym.errors)],
      ['bare: undici → Fastify', formatSummary(r.bare.p50Ms), formatSummary(r.bare.p99Ms), formatNumber(r.bare.throughput.median), formatNumber(r.bare.serverCpuUs.median), formatNumber(r.bare.clientCpuUs.median), String(r.bare.errors)],
      ['added by Gym per hop', formatDeltaMs(r.addedP50Ms.median), formatDeltaMs(r.addedP99Ms.median), '', '', '', ''],
    ],
    ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}
