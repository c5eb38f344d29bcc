/**
 * Verifier speed: the pivot server's `verify` function called in-process on
 * the example rows (each with the instant model's response), rows per second.
 * No HTTP: this is the cost of the comparison itself.
 */
import { loadGlobalConfig } from '@gym/config';
import type { RequestContext } from '@gym/server';
import { server } from '../../resources_servers/single_step_tool_use_with_argument_comparison/app.ts';
import type { BenchContext } from '../lib/context.ts';
import { summarize, type Summary } from '../lib/stats.ts';
import { markdownTable, formatSummary } from '../lib/table.ts';
import { REPO_ROOT } from '../lib/processes.ts';
import { PIVOT_CONFIG, PIVOT_RESOURCES, responseFor } from '../lib/workload.ts';

export interface VerifierResult {
  rows: number;
  iterations: number;
  rowsPerSecond: Summary;
  /** Mean reward over the example rows (a sanity check that the comparison ran). */
  meanReward: number;
}

export async function measureVerifier(ctx: BenchContext): Promise<VerifierResult> {
  const { tree } = await loadGlobalConfig({ argv: [`+config_paths=[${PIVOT_CONFIG}]`], cwd: REPO_ROOT, skipEnvYaml: true, skipPortAssignment: true, modelFree: true });
  const config = (tree[PIVOT_RESOURCES] as any).resources_servers.single_step_tool_use_with_argument_comparison;
  const handlerCtx = { config } as RequestContext<any>;
  const bodies = ctx.rows.map((row, i) => ({ ...row, response: responseFor(ctx.rows, i) }));
  const verify = (i: number) => server.spec.verify(structuredClone(bodies[i % bodies.length]) as any, handlerCtx);

  let rewardSum = 0;
  for (let i = 0; i < bodies.length; i++) rewardSum += (await verify(i)).reward;
  // Bodies are cloned outside the timed loop: verify must not see an object it already rewrote.
  const { iterations, repetitions } = ctx.opts.verifier;
  for (let i = 0; i < Math.min(1_000, iterations); i++) await verify(i);
  const rates: number[] = [];
  for (let r = 0; r < repetitions; r++) {
    const inputs = Array.from({ length: iterations }, (_, i) => structuredClone(bodies[i % bodies.length]));
    const t0 = performance.now();
    for (const body of inputs) await server.spec.verify(body as any, handlerCtx);
    rates.push(iterations / ((performance.now() - t0) / 1000));
  }
  return { rows: bodies.length, iterations, rowsPerSecond: summarize(rates), meanReward: rewardSum / bodies.length };
}

export function formatVerifier(r: VerifierResult): string {
  return markdownTable(
    ['verify function (in-process)', 'rows/s', 'example rows', 'mean reward'],
    [['single_step_tool_use_with_argument_comparison', formatSummary(r.rowsPerSecond), String(r.rows), r.meanReward.toFixed(2)]],
    ['left', 'right', 'right', 'right'],
  );
}
