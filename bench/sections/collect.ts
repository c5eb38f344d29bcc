/**
 * Memory of `ng collect-rollouts` against the running Gym chain for growing
 * inputs (1k, 10k, 100k rows in the full suite). Collection streams its input
 * and output, so its peak RSS must not grow with the number of rows. Each
 * size runs as shipped and with `+disable_aggregation=true`, which tells the
 * collection loop apart from the end-of-run aggregation.
 */
import { createReadStream, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from '../lib/context.ts';
import { REPO_ROOT, sampleRss, spawnNode, treeRss } from '../lib/processes.ts';
import { ratio } from '../lib/stats.ts';
import { formatMegabytes, formatNumber, formatPercent, markdownTable } from '../lib/table.ts';
import { writeCollectInput } from '../lib/workload.ts';

/** The installed command, as users run it (the CLI's precompiled bundle on plain node). */
const NG_LAUNCHER = `${REPO_ROOT}packages/cli/bin/ng.js`;
const RSS_INTERVAL_MS = 50;

export interface CollectPoint {
  rows: number;
  /** Whether the end-of-run `/aggregate_metrics` step ran. */
  aggregation: boolean;
  peakRssBytes: number;
  seconds: number;
  rolloutsPerSecond: number;
  outputLines: number;
  exitCode: number | null;
}

export interface CollectResult {
  points: CollectPoint[];
  /** Peak RSS at the largest input over the peak at the smallest, as shipped (aggregation on). */
  growth: number;
  /** The same without the aggregation step (NaN when not measured). */
  growthWithoutAggregation: number;
}

async function countLines(file: string): Promise<number> {
  let n = 0;
  try {
    for await (const chunk of createReadStream(file)) for (const byte of chunk as Buffer) if (byte === 10) n++;
  } catch {
    return 0;
  }
  return n;
}

export async function measureCollect(ctx: BenchContext, headUrl: string): Promise<CollectResult> {
  const points: CollectPoint[] = [];
  for (const rows of ctx.opts.collectRows) {
    const input = join(ctx.workDir, `collect_${rows}.jsonl`);
    await writeCollectInput(ctx.rows, rows, input);
    for (const aggregation of ctx.opts.collectWithoutAggregation ? [true, false] : [true]) {
      const output = join(ctx.workDir, `collect_${rows}_${aggregation ? 'agg' : 'noagg'}_rollouts.jsonl`);
      const args = [`+input_jsonl_fpath=${input}`, `+output_jsonl_fpath=${output}`, ...(aggregation ? [] : ['+disable_aggregation=true'])];
      const t0 = performance.now();
      const proc = spawnNode([NG_LAUNCHER, 'collect-rollouts', ...args], { env: { NEMO_GYM_HEAD_SERVER_URL: headUrl } });
      const sampler = sampleRss({ collect: proc.child.pid! }, RSS_INTERVAL_MS, treeRss);
      const exitCode = await proc.exited;
      const seconds = (performance.now() - t0) / 1000;
      const series = sampler.stop().collect;
      if (exitCode !== 0) throw new Error(`ng collect-rollouts over ${rows} rows exited with ${exitCode}:\n${proc.output().slice(-3000)}`);
      const outputLines = await countLines(output);
      const point = { rows, aggregation, peakRssBytes: Math.max(...series), seconds, rolloutsPerSecond: rows / seconds, outputLines, exitCode };
      points.push(point);
      ctx.log(`collect-rollouts ${rows} rows${aggregation ? '' : ' (no aggregation)'}: peak RSS ${formatMegabytes(point.peakRssBytes)}, ${seconds.toFixed(1)} s, ${outputLines} rollouts written`);
      // The scratch files of 100k rollouts are large: drop them before the next run.
      for (const f of readdirSync(ctx.workDir)) if (f.startsWith(`collect_${rows}_`)) rmSync(join(ctx.workDir, f), { force: true });
    }
    rmSync(input, { force: true });
  }
  const growthOf = (aggregation: boolean) => {
    const list = points.filter((p) => p.aggregation === aggregation);
    return list.length ? ratio(list.at(-1)!.peakRssBytes - list[0].peakRssBytes, list[0].peakRssBytes) : Number.NaN;
  };
  return { points, growth: growthOf(true), growthWithoutAggregation: growthOf(false) };
}

export function formatCollect(r: CollectResult): string {
  const base = (aggregation: boolean) => r.points.find((p) => p.aggregation === aggregation)!.peakRssBytes;
  return markdownTable(
    ['`ng collect-rollouts` input rows', 'aggregation', 'peak RSS', 'vs smallest', 'rollouts/s (whole command)', 'rollouts written'],
    r.points.map((p) => [
      String(p.rows),
      p.aggregation ? 'yes (as shipped)' : 'no',
      formatMegabytes(p.peakRssBytes),
      formatPercent(ratio(p.peakRssBytes, base(p.aggregation))),
      formatNumber(p.rolloutsPerSecond),
      String(p.outputLines),
    ]),
    ['right', 'left', 'right', 'right', 'right', 'right'],
  );
}
