import { describe, expect, it } from 'vitest';
import { aggregateMetrics, columnStats } from '../src/index.ts';

const row = (task: number, rollout: number, reward: number, inTok: number, extra: Record<string, unknown> = {}) => ({
  _ng_task_index: task,
  _ng_rollout_index: rollout,
  reward,
  ...extra,
  response: { usage: { input_tokens: inTok, output_tokens: 1, total_tokens: inTok + 1 } },
});

describe('columnStats', () => {
  it('uses the sample standard deviation and skips nulls', () => {
    const s = columnStats([1, 2, 3, null, 4]);
    expect(s.mean).toBe(2.5);
    expect(s.median).toBe(2.5);
    expect(s.std).toBeCloseTo(1.2909944, 6);
  });
  it('gives std 0 for a single value and nulls for none', () => {
    expect(columnStats([5]).std).toBe(0);
    expect(columnStats([null]).mean).toBeNull();
  });
});

describe('aggregateMetrics', () => {
  it('computes agent, key and per-task metrics in stat-major order', () => {
    const m = aggregateMetrics([row(1, 0, 1, 10, { terminated: true }), row(0, 0, 0, 20, { terminated: false }), row(1, 1, 0, 30, { terminated: true })]);
    expect(Object.keys(m.agent_metrics).slice(0, 5)).toEqual(['mean/reward', 'mean/terminated', 'mean/input_tokens', 'mean/output_tokens', 'mean/total_tokens']);
    expect(m.agent_metrics['mean/input_tokens']).toBe(20);
    expect(m.agent_metrics['std/input_tokens']).toBe(10);
    expect(Object.keys(m.key_metrics).every((k) => k.startsWith('mean/'))).toBe(true);
    expect(m.group_level_metrics.map((g) => g._ng_task_index)).toEqual([0, 1]);
    const g1 = m.group_level_metrics[1] as Record<string, unknown>;
    expect(g1.num_rollouts).toBe(2);
    expect((g1.rollout_infos as Array<Record<string, unknown>>)[0]).toEqual({
      rollout_id: '1:0', _ng_task_index: 1, _ng_rollout_index: 0, reward: 1, input_tokens: 10, output_tokens: 1, total_tokens: 11, terminated: 1,
    });
  });
  it('returns empty metrics for no rows', () => {
    expect(aggregateMetrics([])).toEqual({ group_level_metrics: [], agent_metrics: {}, key_metrics: {} });
  });
});
