/**
 * `GET /api/stats`: reward histograms (per agent and per task, over shared
 * bins so they compare at a glance) and each agent's aggregate metrics
 * (`mean/…, max/…, min/…, median/…, std/…` as in `/aggregate_metrics`).
 */
import { Type, type Static } from '@sinclair/typebox';
import { columnStats, STAT_NAMES } from '@gym/metrics';
import type { AgentColumns, RolloutIndex } from './rollout-index.ts';
import type { RolloutSummary } from './summary.ts';

export const StatsQuery = Type.Object(
  {
    agent: Type.Optional(Type.String({ description: 'only this agent_ref.name' })),
    task_limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 500 })),
  },
  { additionalProperties: false },
);
export type StatsQuery = Static<typeof StatsQuery>;

/** A histogram bin: one exact value (`lo === hi`) or a range `[lo, hi)` (the last range includes `hi`). */
export interface RewardBin {
  label: string;
  lo: number;
  hi: number;
}

export interface RewardHistogram {
  count: number;
  /** Rollouts without a numeric reward (not in any bin). */
  noReward: number;
  counts: number[];
  mean: number | null;
}

export interface AgentStats extends RewardHistogram {
  agent: string | null;
  metrics: Record<string, number>;
}

export interface TaskStats extends RewardHistogram {
  agent: string | null;
  task: number | null;
}

export interface ViewerStats {
  bins: RewardBin[];
  overall: RewardHistogram;
  agents: AgentStats[];
  tasks: TaskStats[];
  /** Number of (agent, task) groups before `task_limit` cut the list. */
  tasksTotal: number;
}

/** Up to this many distinct rewards get one bar each (the usual 0/1 or few-level rewards); more are binned by range. */
export const MAX_EXACT_BINS = 12;
export const RANGE_BINS = 10;

const formatNumber = (x: number) => String(Number(x.toPrecision(4)));

export function rewardBins(rewards: number[]): RewardBin[] {
  const distinct = [...new Set(rewards)].sort((a, b) => a - b);
  if (distinct.length <= MAX_EXACT_BINS) return distinct.map((v) => ({ label: formatNumber(v), lo: v, hi: v }));
  const lo = distinct[0];
  const hi = distinct[distinct.length - 1];
  const width = (hi - lo) / RANGE_BINS;
  return Array.from({ length: RANGE_BINS }, (_, k) => {
    const a = lo + k * width;
    const b = k === RANGE_BINS - 1 ? hi : lo + (k + 1) * width;
    return { label: `${formatNumber(a)}–${formatNumber(b)}`, lo: a, hi: b };
  });
}

export function binOf(bins: RewardBin[], reward: number): number {
  if (bins.length === 0) return -1;
  if (bins[0].lo === bins[0].hi) return bins.findIndex((b) => b.lo === reward);
  const k = bins.findIndex((b) => reward < b.hi);
  return k === -1 ? bins.length - 1 : k;
}

function histogram(entries: RolloutSummary[], bins: RewardBin[]): RewardHistogram {
  const counts = bins.map(() => 0);
  let noReward = 0;
  let sum = 0;
  for (const e of entries) {
    if (e.reward === null) noReward += 1;
    else {
      counts[binOf(bins, e.reward)] += 1;
      sum += e.reward;
    }
  }
  const rewarded = entries.length - noReward;
  return { count: entries.length, noReward, counts, mean: rewarded ? sum / rewarded : null };
}

/** Stat-major aggregate metrics of one agent's numeric columns. */
export function agentMetrics(columns: AgentColumns): Record<string, number> {
  const perColumn = [...columns.columns].map(([name, values]) => [name, columnStats(values)] as const);
  const out: Record<string, number> = {};
  for (const stat of STAT_NAMES) {
    for (const [name, s] of perColumn) {
      const v = s[stat];
      if (v !== null) out[`${stat}/${name}`] = v;
    }
  }
  return out;
}

function groupBy<K>(entries: RolloutSummary[], key: (e: RolloutSummary) => K): Map<K, RolloutSummary[]> {
  const groups = new Map<K, RolloutSummary[]>();
  for (const e of entries) {
    const k = key(e);
    const list = groups.get(k);
    if (list) list.push(e);
    else groups.set(k, [e]);
  }
  return groups;
}

export function computeStats(index: RolloutIndex, query: StatsQuery = {}): ViewerStats {
  const entries = query.agent === undefined ? index.entries : index.entries.filter((e) => e.agent === query.agent);
  const bins = rewardBins(entries.flatMap((e) => (e.reward === null ? [] : [e.reward])));
  const agents = [...groupBy(entries, (e) => e.agent)].map(([agent, list]) => ({
    agent,
    ...histogram(list, bins),
    metrics: agentMetrics(index.metrics.get(agent ?? '') ?? { count: 0, columns: new Map() }),
  }));
  const byTask = groupBy(entries, (e) => `${e.agent ?? ''}\u0000${e.task ?? ''}`);
  const tasks = [...byTask.values()]
    .map((list) => ({ agent: list[0].agent, task: list[0].task, ...histogram(list, bins) }))
    .sort((a, b) => (a.agent ?? '').localeCompare(b.agent ?? '') || (a.task ?? Infinity) - (b.task ?? Infinity) || 0);
  return { bins, overall: histogram(entries, bins), agents, tasks: tasks.slice(0, query.task_limit ?? 500), tasksTotal: tasks.length };
}
