/**
 * Cold start: `ng run` (head + agent + resources server + model) spawned as a
 * real command, timed from the spawn until the head's `/server_instances`
 * reports every server `ready`; also when the head first answered, which
 * separates the CLI's own start from the servers'. `ng run` is the installed
 * command (packages/cli/bin/ng.js, what `pnpm ng` runs): the CLI and every
 * server run as precompiled bundles. Besides it, the same start with
 * everything through tsx (`GYM_PRECOMPILE=0`, no bundles) and right after an
 * edit (the CLI's and every server's bundle rebuilt).
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { gymArgv } from '../lib/chains.ts';
import type { BenchContext } from '../lib/context.ts';
import { freePort, REPO_ROOT, sleep, spawnNode } from '../lib/processes.ts';
import { summarize, type Summary } from '../lib/stats.ts';
import { formatSummary, markdownTable } from '../lib/table.ts';

const NG_LAUNCHER = `${REPO_ROOT}packages/cli/bin/ng.js`;
const POLL_MS = 10;
const TIMEOUT_MS = 120_000;

export interface ColdStartVariant {
  name: string;
  runs: number;
  /** Spawn of `ng run` → every server ready, ms. */
  allReadyMs: Summary;
  /** Spawn of `ng run` → the head answers, ms. */
  headUpMs: Summary;
  samples: Array<{ allReadyMs: number; headUpMs: number }>;
}

export interface ColdStartResult {
  servers: number;
  /** `ng run` as shipped: the figure the target applies to. */
  shipped: ColdStartVariant;
  variants: ColdStartVariant[];
}

interface Launch {
  name: string;
  /** node arguments that start the CLI. */
  cli: string[];
  env(): NodeJS.ProcessEnv;
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

async function oneColdStart(ctx: BenchContext, launch: Launch): Promise<{ allReadyMs: number; headUpMs: number; servers: number }> {
  const port = await freePort();
  const headUrl = `http://127.0.0.1:${port}`;
  const env = launch.env();
  const t0 = performance.now();
  const proc = spawnNode([...launch.cli, 'run', ...gymArgv(ctx.rolloutsFile, port)], { env });
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
  const cli = [NG_LAUNCHER];
  const launches: Array<Launch & { runs: number }> = [{ name: '`ng run` as shipped', cli, env: () => ({}), runs: ctx.opts.coldStartRuns }];
  if (ctx.opts.coldStartVariants) {
    const runs = Math.ceil(ctx.opts.coldStartRuns / 2);
    launches.push(
      { name: 'everything through tsx (GYM_PRECOMPILE=0)', cli, env: () => ({ GYM_PRECOMPILE: '0' }), runs },
      { name: 'first start after an edit (bundles rebuilt)', cli, env: () => ({ GYM_PRECOMPILE_DIR: mkdtempSync(join(ctx.workDir, 'bundles-')) }), runs },
    );
  }

  // Warm both caches (tsx's transforms, the server bundles) so the figures are steady starts.
  await oneColdStart(ctx, launches[0]);
  let servers = 0;
  const variants: ColdStartVariant[] = [];
  for (const launch of launches) {
    const samples: ColdStartVariant['samples'] = [];
    for (let i = 0; i < launch.runs; i++) {
      const s = await oneColdStart(ctx, launch);
      servers = s.servers;
      samples.push({ allReadyMs: s.allReadyMs, headUpMs: s.headUpMs });
      ctx.log(`cold start, ${launch.name}, ${i + 1}/${launch.runs}: head up ${s.headUpMs.toFixed(0)} ms, all ${s.servers} servers ready ${s.allReadyMs.toFixed(0)} ms`);
    }
    variants.push({
      name: launch.name,
      runs: samples.length,
      allReadyMs: summarize(samples.map((s) => s.allReadyMs)),
      headUpMs: summarize(samples.map((s) => s.headUpMs)),
      samples,
    });
  }
  return { servers, shipped: variants[0], variants };
}

export function formatColdStart(r: ColdStartResult): string {
  return markdownTable(
    [`\`ng run\`, head + ${r.servers} servers`, 'command → head answers, ms', 'command → all servers ready, ms', 'runs'],
    r.variants.map((v) => [v.name, formatSummary(v.headUpMs, '', 4), formatSummary(v.allReadyMs, '', 4), String(v.runs)]),
    ['left', 'right', 'right', 'right'],
  );
}
