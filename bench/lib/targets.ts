/**
 * The targets of the issue, checked against the figures of one bench run
 * (n/a when the section that measures a figure did not run).
 */
import type { BenchResults } from './report.ts';
import type { ThroughputPoint } from '../sections/throughput.ts';
import { formatDeltaMs, formatNumber, formatPercent, markdownTable, verdict } from './table.ts';

export interface Target {
  name: string;
  target: string;
  measured: string;
  pass: boolean | undefined;
}

const at = (points: ThroughputPoint[] | undefined, c: number) => points?.find((p) => p.concurrency === c);

export function checkTargets(r: BenchResults): Target[] {
  const targets: Target[] = [];
  for (const c of [64, 256]) {
    const p = at(r.throughput, c);
    targets.push({ name: `/run throughput at concurrency ${c}`, target: '≥ 60% of bare Fastify', measured: p ? formatPercent(p.ratio.median) : 'n/a', pass: p ? p.ratio.median >= 0.6 : undefined });
  }
  const soak = r.load;
  targets.push({
    name: `errors at ${soak?.concurrency ?? 256} concurrent rollouts`,
    target: `0 for ${(soak?.durationMs ?? 60_000) / 1000} s`,
    measured: soak ? `${soak.load.errors} of ${soak.load.requests + soak.load.errors}` : 'n/a',
    pass: soak ? soak.load.errors === 0 : undefined,
  });
  const hop = r.hop;
  for (const [mode, label] of [
    [hop?.paced, `paced at ${hop?.paced.ratePerSecond ?? 0} req/s`],
    [hop?.saturated, 'saturated'],
  ] as const) {
    targets.push({ name: `framework overhead per hop, p50 (${hop?.concurrency ?? 16} callers, ${label})`, target: '< 0.3 ms', measured: mode ? formatDeltaMs(mode.addedP50Ms.median) : 'n/a', pass: mode ? mode.addedP50Ms.median < 0.3 : undefined });
    targets.push({ name: `framework overhead per hop, p99 (${hop?.concurrency ?? 16} callers, ${label})`, target: '< 2 ms', measured: mode ? formatDeltaMs(mode.addedP99Ms.median) : 'n/a', pass: mode ? mode.addedP99Ms.median < 2 : undefined });
  }
  const cs = r.coldStart;
  targets.push({
    name: `cold start, \`ng run\` head + ${cs?.servers ?? 3} servers`,
    target: '< 1.5 s',
    measured: cs ? `${formatNumber(cs.shipped.allReadyMs.median / 1000)} s` : 'n/a',
    pass: cs ? cs.shipped.allReadyMs.median < 1_500 : undefined,
  });
  const idle = r.idleRss?.[0];
  targets.push({ name: 'idle server RSS (largest Gym server)', target: '≤ 1.2× bare Fastify', measured: idle ? `${formatNumber(idle.worstRatio)}×` : 'n/a', pass: idle ? idle.worstRatio <= 1.2 : undefined });
  const col = r.collect;
  const last = col?.points.at(-1);
  targets.push({
    name: `\`ng collect-rollouts\` peak RSS at ${last?.rows ?? 100_000} rows vs ${col?.points[0]?.rows ?? 1_000}`,
    target: 'within 20%',
    measured: col ? `${col.growth >= 0 ? '+' : ''}${formatPercent(col.growth)}` : 'n/a',
    pass: col ? Math.abs(col.growth) <= 0.2 : undefined,
  });
  if (col && !Number.isNaN(col.growthWithoutAggregation)) {
    targets.push({
      name: 'the same without the end-of-run aggregation',
      target: 'within 20%',
      measured: `${col.growthWithoutAggregation >= 0 ? '+' : ''}${formatPercent(col.growthWithoutAggregation)}`,
      pass: Math.abs(col.growthWithoutAggregation) <= 0.2,
    });
  }
  if (soak) {
    const worst = Math.max(...soak.rss.map((s) => s.growth));
    targets.push({ name: 'server RSS during sustained load', target: 'flat after warm-up', measured: `largest growth ${formatPercent(worst)}`, pass: worst <= 0.1 });
  }
  return targets;
}

export function formatTargets(targets: Target[]): string {
  return markdownTable(
    ['target', 'goal', 'measured', 'met'],
    targets.map((t) => [t.name, t.target, t.measured, verdict(t.pass)]),
    ['left', 'left', 'right', 'left'],
  );
}

