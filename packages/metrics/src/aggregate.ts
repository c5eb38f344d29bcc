/**
 * Aggregate verify results into agent-level and per-task metrics: what
 * `/aggregate_metrics` returns and what `ng collect-rollouts` writes.
 */
import { statMajor } from './stats.ts';

export interface AggregateMetrics {
  group_level_metrics: Array<Record<string, unknown>>;
  agent_metrics: Record<string, number>;
  key_metrics: Record<string, number>;
}

type Row = Record<string, unknown>;
const INDEX_KEYS = new Set(['_ng_task_index', '_ng_rollout_index']);

/** Numeric top-level fields (bool → 0/1), without the task/rollout indices. */
export function numericFields(row: Row): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(row)) {
    if (INDEX_KEYS.has(k)) continue;
    if (typeof v === 'number') out[k] = v;
    else if (typeof v === 'boolean') out[k] = v ? 1 : 0;
  }
  return out;
}

/** Numeric fields of `response.usage` (input/output/total tokens). */
export function usageFields(row: Row): Record<string, number> {
  const usage = (row.response as Row | undefined)?.usage as Row | undefined;
  return usage ? numericFields(usage) : {};
}

/** Columns in order of first appearance: top-level numeric fields, then usage. */
export function metricColumns(rows: Row[]): { columns: string[]; values: Array<Record<string, number>> } {
  const columns: string[] = [];
  const seen = new Set<string>();
  const values = rows.map((r) => {
    const v = { ...numericFields(r), ...usageFields(r) };
    for (const k of Object.keys(v)) if (!seen.has(k)) (seen.add(k), columns.push(k));
    return v;
  });
  return { columns, values };
}

/** Per-rollout numeric record as in `rollout_infos`: id, indices, reward, usage, then other fields. */
export function rolloutInfo(row: Row): Record<string, unknown> {
  const task = row._ng_task_index as number | undefined;
  const rollout = row._ng_rollout_index as number | undefined;
  const { reward, ...rest } = numericFields(row);
  return {
    rollout_id: `${task}:${rollout}`,
    _ng_task_index: task,
    _ng_rollout_index: rollout,
    ...(reward === undefined ? {} : { reward }),
    ...usageFields(row),
    ...rest,
  };
}

export function aggregateMetrics(verifyResponses: Row[], agentName = 'agent'): AggregateMetrics {
  if (verifyResponses.length === 0) return { group_level_metrics: [], agent_metrics: {}, key_metrics: {} };
  const { columns, values } = metricColumns(verifyResponses);
  const agent_metrics = statMajor(columns, values);
  const key_metrics = Object.fromEntries(Object.entries(agent_metrics).filter(([k]) => k.startsWith('mean/')));

  const byTask = new Map<number, number[]>();
  verifyResponses.forEach((r, i) => {
    const t = typeof r._ng_task_index === 'number' ? r._ng_task_index : i;
    const list = byTask.get(t) ?? [];
    list.push(i);
    byTask.set(t, list);
  });
  const group_level_metrics = [...byTask.keys()].sort((a, b) => a - b).map((task) => {
    const idx = byTask.get(task)!;
    const infos = idx.map((i) => rolloutInfo(verifyResponses[i])).sort((a, b) => Number(a._ng_rollout_index ?? 0) - Number(b._ng_rollout_index ?? 0));
    return {
      _ng_task_index: task,
      ...statMajor(columns, idx.map((i) => values[i])),
      sample: { agent_ref: { name: agentName } },
      num_rollouts: idx.length,
      expected_num_rollouts: idx.length,
      missing_num_rollouts: 0,
      reward_profile_completion_pct: 100.0,
      rollout_infos: infos,
    };
  });
  return { group_level_metrics, agent_metrics, key_metrics };
}
