/**
 * Per-hop overhead: one `/v1/responses` hop with a pivot row's parameters,
 * Gym's ServerClient → a Gym model server (bench/hop/gym-echo-server.ts)
 * against undici → a bare Fastify echo answering the same bytes, 16 callers
 * on each side. Two load shapes:
 * - saturated (closed loop): the server is always busy, so latency is
 *   16 × its time per request and any CPU a request adds is multiplied by 16;
 * - paced: the 16 callers together send a fixed rate both servers sustain,
 *   so latency is the time one request takes, queueing aside.
 * The differences of the latency percentiles, paired per repetition, are what
 * Gym's server base + client add to a hop; CPU per request comes from /proc.
 */
import { join } from 'node:path';
import { ServerClient } from '@gym/client';
import { precompileEntrypoint } from '@gym/launcher';
import { startBareModel } from '../lib/chains.ts';
import type { BenchContext } from '../lib/context.ts';
import { agentSender, runLoad, type LoadResult, type Sender } from '../lib/load.ts';
import { cpuTimeMs, REPO_ROOT, spawnNode } from '../lib/processes.ts';
import { summarize, type Summary } from '../lib/stats.ts';
import { formatDeltaMs, formatNumber, formatSummary, markdownTable } from '../lib/table.ts';

/** Requests per second of the paced shape: well below what either server sustains on a shared 2-core machine. */
export const PACED_RATE = 1_000;

export interface HopSide {
  p50Ms: Summary;
  p99Ms: Summary;
  throughput: Summary;
  errors: number;
  /** CPU µs per request of the server process (from /proc) and of the calling client (this process). */
  serverCpuUs: Summary;
  clientCpuUs: Summary;
}

export interface HopMode {
  /** Requests per second when paced; undefined when saturated. */
  ratePerSecond?: number;
  gym: HopSide;
  bare: HopSide;
  /** Gym minus bare, per repetition. */
  addedP50Ms: Summary;
  addedP99Ms: Summary;
}

export interface HopResult {
  concurrency: number;
  saturated: HopMode;
  paced: HopMode;
}

const ECHO_NAME = 'bench_echo_model';
type Run = LoadResult & { serverCpuUs: number; clientCpuUs: number };

function clientSender(client: ServerClient): Sender {
  return {
    async send(body) {
      const res = await client.post(ECHO_NAME, '/v1/responses', body);
      return { status: res.status, text: res.text };
    },
    close: async () => {},
  };
}

function sideOf(list: Run[]): HopSide {
  return {
    p50Ms: summarize(list.map((x) => x.latencyMs.p50)),
    p99Ms: summarize(list.map((x) => x.latencyMs.p99)),
    throughput: summarize(list.map((x) => x.throughput)),
    errors: list.reduce((n, x) => n + x.errors, 0),
    serverCpuUs: summarize(list.map((x) => x.serverCpuUs)),
    clientCpuUs: summarize(list.map((x) => x.clientCpuUs)),
  };
}

export async function measureHop(ctx: BenchContext): Promise<HopResult> {
  const { concurrency, durationMs, warmupMs, repetitions } = ctx.opts.hop;
  // Run the way `ng run` runs a server: the precompiled bundle on plain node (tsx if it cannot be bundled).
  const bundle = await precompileEntrypoint(join(REPO_ROOT, 'bench/hop/gym-echo-server.ts'), { cacheDir: join(ctx.workDir, 'hop-bundle') });
  const gymProc = spawnNode(bundle ? [bundle] : ['--import', 'tsx', 'bench/hop/gym-echo-server.ts'], { env: { BENCH_CANNED_FILE: ctx.cannedFile } });
  const bare = await startBareModel(ctx.cannedFile);
  try {
    const port = Number(await gymProc.waitFor(/^listening (\d+)$/));
    const client = new ServerClient({ [ECHO_NAME]: { responses_api_models: { bench_echo: { host: '127.0.0.1', port } } } });
    const senders = { gym: clientSender(client), bare: agentSender(`${bare.origin}/v1/responses`) };
    const pids = { gym: gymProc.child.pid!, bare: bare.pid };
    const bodies = ctx.rows.map((r) => JSON.stringify(r.responses_create_params));
    const accept = (t: string) => t.includes('"function_call"');
    // One untimed pass on each side first: JIT and keep-alive connections start warm on both.
    for (const which of ['gym', 'bare'] as const) await runLoad({ sender: senders[which], bodies, concurrency, durationMs: warmupMs * 2, warmupMs: 0, accept });

    const measureMode = async (ratePerSecond: number | undefined): Promise<HopMode> => {
      const runs: Record<'gym' | 'bare', Run[]> = { gym: [], bare: [] };
      for (let r = 0; r < repetitions; r++) {
        const order = r % 2 === 0 ? (['gym', 'bare'] as const) : (['bare', 'gym'] as const);
        for (const which of order) {
          let server0 = 0;
          let server1 = 0;
          let client0 = process.cpuUsage();
          let client = client0;
          const load = await runLoad({
            sender: senders[which],
            bodies,
            concurrency,
            durationMs,
            warmupMs,
            accept,
            ratePerSecond,
            onWindowStart: () => ((server0 = cpuTimeMs(pids[which])), (client0 = process.cpuUsage())),
            onWindowEnd: () => ((server1 = cpuTimeMs(pids[which])), (client = process.cpuUsage(client0))),
          });
          const n = Math.max(1, load.requests);
          runs[which].push({ ...load, serverCpuUs: ((server1 - server0) * 1000) / n, clientCpuUs: (client.user + client.system) / n });
          const shape = ratePerSecond ? `paced ${ratePerSecond}/s` : 'saturated';
          ctx.log(`hop ${shape} ${which} rep ${r + 1}/${repetitions}: p50 ${load.latencyMs.p50.toFixed(2)} ms p99 ${load.latencyMs.p99.toFixed(2)} ms ${load.throughput.toFixed(0)}/s errors ${load.errors}`);
        }
      }
      return {
        ratePerSecond,
        gym: sideOf(runs.gym),
        bare: sideOf(runs.bare),
        addedP50Ms: summarize(runs.gym.map((g, i) => g.latencyMs.p50 - runs.bare[i].latencyMs.p50)),
        addedP99Ms: summarize(runs.gym.map((g, i) => g.latencyMs.p99 - runs.bare[i].latencyMs.p99)),
      };
    };
    const saturated = await measureMode(undefined);
    const paced = await measureMode(PACED_RATE);
    await Promise.all([senders.gym.close(), senders.bare.close()]);
    return { concurrency, saturated, paced };
  } finally {
    await Promise.all([gymProc.stop(), bare.stop()]);
  }
}

export function formatHop(r: HopResult): string {
  const rows: string[][] = [];
  for (const mode of [r.paced, r.saturated]) {
    const shape = mode.ratePerSecond ? `paced, ${mode.ratePerSecond} req/s` : 'saturated';
    const side = (name: string, s: HopSide) => [
      `${shape}: ${name}`,
      formatSummary(s.p50Ms),
      formatSummary(s.p99Ms),
      formatNumber(s.throughput.median),
      formatNumber(s.serverCpuUs.median),
      formatNumber(s.clientCpuUs.median),
      String(s.errors),
    ];
    rows.push(side('Gym (ServerClient → Gym server)', mode.gym), side('bare (undici → Fastify)', mode.bare));
    rows.push([`${shape}: added by Gym per hop`, formatDeltaMs(mode.addedP50Ms.median), formatDeltaMs(mode.addedP99Ms.median), '', '', '', '']);
  }
  return markdownTable(
    [`one hop, ${r.concurrency} callers`, 'p50 ms', 'p99 ms', 'requests/s', 'server CPU µs/request', 'client CPU µs/request', 'errors'],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}
