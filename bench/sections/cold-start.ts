/**
 * Cold start: `ng run` (head + agent + resources server + model) spawned as a
 * real command, timed from the spawn until the head's `/server_instances`
 * reports every server `ready`. Also when the head itself first answered, to
 * separate the CLI's own start from the servers'.
 */
import { request } from 'undici';
import { gymArgv } from '../lib/chains.ts';
import type { BenchContext } from '../lib/context.ts';
import { freePort, REPO_ROOT, sleep, spawnNode } from '../lib/processes.ts';
import { summarize, type Summary } from '../lib/stats.ts';
import { formatSummary, markdownTable } from '../lib/table.ts';

const NG_BIN = `${REPO_ROOT}packages/cli/src/bin.ts`;
const POLL_MS = 10;
const TIMEOUT_MS = 120_000;

export interface ColdStartResult {
  runs: number;
  servers: number;
  /** Spawn of `ng run` → every server ready, ms. */
  allReadyMs: Summary;
  /** Spawn of `ng run` → the head answers, ms. */
  headUpMs: Summary;
  samples: Array<{ allReadyMs: number; headUpMs: number }>;
}

async function instances(headUrl: string): Promise<Array<{ status: string }> | undefined> {
  try {
    const res = await request(`${headUrl}/server_instances`, { headersTimeout: 1_000, bodyTimeout: 1_000 });
    if (res.statusCode !== 200) {
      await res.body.dump();
      return undefined;
    }
    return (await res.body.json()) as Array<{ status: string }>;
  } catch {
    return undefined;
  }
}

async function oneColdStart(ctx: BenchContext): Promise<{ allReadyMs: number; headUpMs: number; servers: number }> {
  const port = await freePort();
  const headUrl = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const proc = spawnNode(['--import', 'tsx', NG_BIN, 'run', ...gymArgv(ctx.rolloutsFile, port)]);
  let exited = false;
  void proc.exited.then(() => (exited = true));
  let headUpMs = Number.NaN;
  try {
    while (performance.now() - t0 < TIMEOUT_MS) {
      if (exited) throw new Error(`ng run exited before every server was ready:\n${proc.output()}`);
      const rows = await instances(headUrl);
      if (rows && Number.isNaN(headUpMs)) headUpMs = performance.now() - t0;
      if (rows && rows.length > 0 && rows.every((r) => r.status === 'ready')) {
        return { allReadyMs: performance.now() - t0, headUpMs, servers: rows.length };
      }
      await sleep(POLL_MS);
    }
    throw new Error(`ng run not ready after ${TIMEOUT_MS} ms:\n${proc.output()}`);
  } finally {
    proc.child.kill('SIGINT');
    const killer = setTimeout(() => proc.child.kill('SIGKILL'), 20_000);
    await proc.exited;
    clearTimeout(killer);
  }
}

export async function measureColdStart(ctx: BenchContext): Promise<ColdStartResult> {
  const samples: ColdStartResult['samples'] = [];
  let servers = 0;
  for (let i = 0; i < ctx.opts.coldStartRuns; i++) {
    const s = await oneColdStart(ctx);
    servers = s.servers;
    samples.push({ allReadyMs: s.allReadyMs, headUpMs: s.headUpMs });
    ctx.log(`cold start ${i + 1}/${ctx.opts.coldStartRuns}: head up ${s.headUpMs.toFixed(0)} ms, all ${s.servers} servers ready ${s.allReadyMs.toFixed(0)} ms`);
  }
  return {
    runs: samples.length,
    servers,
    allReadyMs: summarize(samples.map((s) => s.allReadyMs)),
    headUpMs: summarize(samples.map((s) => s.headUpMs)),
    samples,
  };
}

export function formatColdStart(r: ColdStartResult): string {
  return markdownTable(
    ['`ng run` (head + ' + r.servers + ' servers)', 'median (range), ms', 'runs'],
    [
      ['command → head answers', formatSummary(r.headUpMs, '', 4), String(r.runs)],
      ['command → all servers ready', formatSummary(r.allReadyMs, '', 4), String(r.runs)],
    ],
    ['left', 'right', 'right'],
  );
}
