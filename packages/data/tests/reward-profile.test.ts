import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir, readJsonl, scratchDir, writeJsonl } from '@gym/testing';
import { rewardProfile } from '../src/index.ts';

const scratch = scratchDir('gym-data-');
let n = 0;

const input = (task: number, rollout: number, agent = 'agent_a') => ({
  responses_create_params: { input: `q${task}` },
  agent_ref: { name: agent },
  _ng_task_index: task,
  _ng_rollout_index: rollout,
});
const rollout = (task: number, r: number, reward: number, extra: Record<string, unknown> = {}) => ({
  response: { id: 'x', output: [], usage: { input_tokens: 10 + r, output_tokens: 2, total_tokens: 12 + r } },
  reward,
  ...extra,
  _ng_task_index: task,
  _ng_rollout_index: r,
  agent_ref: { name: 'agent_a' },
});

function files(inputs: object[], rollouts: object[]) {
  const dir = path.join(scratch, `p${n++}`);
  return {
    materializedInputsJsonlFpath: writeJsonl(path.join(dir, 'r_materialized_inputs.jsonl'), inputs as never),
    rolloutsJsonlFpath: writeJsonl(path.join(dir, 'r.jsonl'), rollouts as never),
    log: () => {},
  };
}

describe('rewardProfile on the recorded reference collection', () => {
  const dir = fixturesDir('data/');
  it.skipIf(!dir)('writes per-task rows and agent metrics in the reference layout and numbers', async () => {
    const work = path.join(scratch, 'fixture');
    mkdirSync(work, { recursive: true });
    copyFileSync(`${dir}multi_turn_gymnasium__example_rollouts.jsonl`, path.join(work, 'example_rollouts.jsonl'));
    copyFileSync(`${dir}multi_turn_gymnasium__example_rollouts_materialized_inputs.jsonl`, path.join(work, 'example_rollouts_materialized_inputs.jsonl'));
    const result = await rewardProfile({
      materializedInputsJsonlFpath: path.join(work, 'example_rollouts_materialized_inputs.jsonl'),
      rolloutsJsonlFpath: path.join(work, 'example_rollouts.jsonl'),
      log: () => {},
    });
    expect(result.profilingPath).toBe(path.join(work, 'example_rollouts_reward_profiling.jsonl'));
    expect(result.agentMetricsPath).toBe(path.join(work, 'example_rollouts_agent_metrics.json'));
    const [expected] = JSON.parse(readFileSync(`${dir}multi_turn_gymnasium__example_rollouts_aggregate_metrics.json`, 'utf8'));

    const agentMetrics = JSON.parse(readFileSync(result.agentMetricsPath, 'utf8'));
    expect(agentMetrics.length).toBe(1);
    expect(Object.keys(agentMetrics[0])).toEqual([...Object.keys(expected.agent_metrics), 'agent_ref']);
    expect(agentMetrics[0].agent_ref).toEqual({ name: 'example_multi_turn_gymnasium_agent' });
    for (const [k, v] of Object.entries(expected.agent_metrics)) expect(agentMetrics[0][k]).toBeCloseTo(v as number, 9);
    expect(agentMetrics[0]['std/input_tokens']).toBeCloseTo(46.9233, 4);

    const inputs = readJsonl(path.join(work, 'example_rollouts_materialized_inputs.jsonl'));
    const rows = readJsonl(result.profilingPath);
    expect(rows.map((r) => r._ng_task_index)).toEqual([0, 1, 2, 3, 4]);
    rows.forEach((row, i) => {
      const group = expected.group_level_metrics[i];
      const statKeys = Object.keys(group).filter((k) => k.includes('/'));
      expect(Object.keys(row)).toEqual(['_ng_task_index', ...statKeys, 'sample', 'num_rollouts', 'expected_num_rollouts', 'missing_num_rollouts', 'reward_profile_completion_pct', 'rollout_infos']);
      for (const k of statKeys) expect(row[k]).toBeCloseTo(group[k], 9);
      const { _ng_task_index: _t, _ng_rollout_index: _r, ...sample } = inputs.find((x) => x._ng_task_index === i)!;
      expect(row.sample).toEqual(sample);
      expect(row).toMatchObject({ num_rollouts: 1, expected_num_rollouts: 1, missing_num_rollouts: 0, reward_profile_completion_pct: 100 });
      expect(row.rollout_infos).toEqual(group.rollout_infos);
    });
  });
});

describe('rewardProfile', () => {
  it('groups per task with pandas statistics, rollout ids "t:r" and no histogram keys', async () => {
    const f = files([input(0, 0), input(0, 1), input(1, 0)], [rollout(1, 0, 1, { 'histogram/x': 3 }), rollout(0, 1, 0.5, { passed: true }), rollout(0, 0, 1.5, { passed: false })]);
    const result = await rewardProfile(f);
    const [t0, t1] = readJsonl(result.profilingPath);
    expect(t0).toMatchObject({ 'mean/reward': 1, 'median/reward': 1, 'max/reward': 1.5, 'min/reward': 0.5, 'mean/passed': 0.5, num_rollouts: 2 });
    expect(t0['std/reward']).toBeCloseTo(Math.SQRT1_2, 12);
    expect((t0.rollout_infos as Array<Record<string, unknown>>).map((r) => r.rollout_id)).toEqual(['0:0', '0:1']);
    expect(t1['std/reward']).toBe(0);
    expect(Object.keys(t1).some((k) => k.includes('histogram'))).toBe(false);
    // 'passed' is absent from task 1: no statistic for it there.
    expect(t1['mean/passed']).toBeUndefined();
    const agents = JSON.parse(readFileSync(result.agentMetricsPath, 'utf8'));
    expect(agents[0]['mean/reward']).toBe(1);
    expect(readFileSync(result.agentMetricsPath, 'utf8')).not.toContain('\n');
  });

  it('fails on a rollout with no input even with allow_partial_rollouts, and on duplicates', async () => {
    await expect(rewardProfile({ ...files([input(0, 0)], [rollout(0, 0, 1), rollout(5, 0, 1)]), allowPartialRollouts: true })).rejects.toThrow(/key \(5, 0\) at line 2 .* has no materialized input row/);
    await expect(rewardProfile(files([input(0, 0)], [rollout(0, 0, 1), rollout(0, 0, 1)]))).rejects.toThrow(/Duplicate rollout row for rollout key \(0, 0\)/);
    await expect(rewardProfile(files([input(0, 0), input(0, 0)], [rollout(0, 0, 1)]))).rejects.toThrow(/Duplicate materialized input row for rollout key \(0, 0\)/);
  });

  it('fails on missing rollouts unless allowed; then partial tasks say how many are missing', async () => {
    const f = files([input(0, 0), input(0, 1), input(1, 0), input(2, 0, 'agent_b')], [rollout(0, 0, 1), rollout(2, 0, 0)]);
    await expect(rewardProfile(f)).rejects.toThrow(/2 of 4 materialized rollouts have no row .* \+\+allow_partial_rollouts=True/);
    const result = await rewardProfile({ ...f, allowPartialRollouts: true });
    const rows = readJsonl(result.profilingPath);
    expect(rows.map((r) => r._ng_task_index)).toEqual([0, 2]);
    expect(rows[0]).toMatchObject({ num_rollouts: 1, expected_num_rollouts: 2, missing_num_rollouts: 1, reward_profile_completion_pct: 50 });
    expect(result.tasks).toEqual({ total: 3, complete: 1, partial: 1, missing: 1 });
    const agents = JSON.parse(readFileSync(result.agentMetricsPath, 'utf8'));
    expect(agents.map((a: { agent_ref: { name: string } }) => a.agent_ref.name)).toEqual(['agent_a', 'agent_b']);
  });
});
