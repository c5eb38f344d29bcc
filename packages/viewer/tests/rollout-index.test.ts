import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aggregateMetrics } from '@gym/metrics';
import { fixturesDir, readJsonl } from '@gym/testing';
import { MAX_LISTED_BAD_LINES, RolloutIndex } from '../src/rollout-index.ts';
import { agentMetrics, binOf, computeStats, rewardBins } from '../src/stats.ts';
import { makeRollout, writeRolloutsFile } from './helpers.ts';

describe('RolloutIndex', () => {
  it('summarises each readable line and lists the unreadable ones with their line number', async () => {
    const path = writeRolloutsFile([
      makeRollout({ task: 0, rollout: 0, reward: 1, question: 'What is the weather in Paris?', answer: 'Sunny.', city: 'Paris' }),
      '{"reward": 1, "response": ',
      '',
      '[1, 2, 3]',
      makeRollout({ task: 1, rollout: 0, reward: 0, question: 'Name a prime number.', answer: '4' }),
    ]);
    const index = await RolloutIndex.build(path);
    expect(index.entries.map((e) => [e.i, e.line, e.reward, e.task, e.rollout, e.agent, e.toolCalls])).toEqual([
      [0, 1, 1, 0, 0, 'weather_agent', 1],
      [1, 5, 0, 1, 0, 'weather_agent', 0],
    ]);
    expect(index.entries[0].preview).toBe('What is the weather in Paris?');
    expect(index.entries[0].responseId).toBe('resp_0_0');
    expect(index.blankLines).toBe(1);
    expect(index.badLineCount).toBe(2);
    expect(index.badLines[0].line).toBe(2);
    expect(index.badLines[0].error).toMatch(/JSON/);
    expect(index.badLines[1]).toEqual({ line: 4, error: 'expected a JSON object, got an array' });
    expect((await index.read(1)).reward).toBe(0);
    expect(JSON.parse(await index.readRaw(0)).response.id).toBe('resp_0_0');
  });

  it('counts every bad line but lists only the first ones', async () => {
    const path = writeRolloutsFile(Array.from({ length: MAX_LISTED_BAD_LINES + 5 }, (_, k) => `not json ${k}`));
    const index = await RolloutIndex.build(path);
    expect(index.badLineCount).toBe(MAX_LISTED_BAD_LINES + 5);
    expect(index.badLines).toHaveLength(MAX_LISTED_BAD_LINES);
    expect(index.entries).toHaveLength(0);
  });

  it('refuses a missing file with a message that says what to pass', async () => {
    await expect(RolloutIndex.build('/nonexistent/rollouts.jsonl')).rejects.toMatchObject({
      code: 'GYM_VIEWER_FILE_NOT_FOUND',
      message: expect.stringContaining('+jsonl_fpath'),
    });
  });

  it('rejects a rollout position that does not exist', async () => {
    const index = await RolloutIndex.build(writeRolloutsFile([makeRollout({ task: 0, rollout: 0, reward: 1, question: 'q', answer: 'a' })]));
    expect(() => index.entry(1)).toThrow('Rollout 1 does not exist: rollouts are numbered 0 to 0.');
  });

  const fixtures = fixturesDir();
  it.skipIf(!fixtures)('indexes every recorded rollouts file of the reference', async () => {
    const files = readdirSync(`${fixtures}servers`).map((s) => `${fixtures}servers/${s}/example_rollouts.jsonl`);
    for (const file of files) {
      const rows = readJsonl(file);
      const index = await RolloutIndex.build(file);
      expect(index.badLineCount, file).toBe(0);
      expect(index.entries.map((e) => e.reward), file).toEqual(rows.map((r) => r.reward));
      const last = index.entries.length - 1;
      expect(await index.read(last), file).toEqual(rows[last]);
    }
  });

  it.skipIf(!fixtures)("computes the same agent metrics as the reference's aggregate_metrics.json", async () => {
    const index = await RolloutIndex.build(`${fixtures}data/multi_turn_gymnasium__example_rollouts.jsonl`);
    const [expected] = JSON.parse(readFileSync(`${fixtures}data/multi_turn_gymnasium__example_rollouts_aggregate_metrics.json`, 'utf8'));
    const metrics = agentMetrics(index.metrics.get(expected.agent_ref.name)!);
    expect(Object.keys(metrics)).toEqual(Object.keys(expected.agent_metrics));
    for (const [k, v] of Object.entries(expected.agent_metrics as Record<string, number>)) expect(metrics[k], k).toBeCloseTo(v, 9);
  });

  it.skipIf(!fixtures)('agrees with @gym/metrics on a file with verify fields and usage', async () => {
    const file = `${fixtures}servers/example_tool_call_multireward/example_rollouts.jsonl`;
    const index = await RolloutIndex.build(file);
    const [agent] = index.agents();
    expect(agentMetrics(index.metrics.get(agent!)!)).toEqual(aggregateMetrics(readJsonl(file)).agent_metrics);
  });
});

describe('reward histogram', () => {
  it('gives each distinct reward its own bar when there are few', () => {
    const bins = rewardBins([0, 1, 1, 0.5, 0]);
    expect(bins.map((b) => b.label)).toEqual(['0', '0.5', '1']);
    expect(binOf(bins, 0.5)).toBe(1);
  });

  it('falls back to ten ranges for continuous rewards, the maximum in the last one', () => {
    const rewards = Array.from({ length: 50 }, (_, k) => k / 49);
    const bins = rewardBins(rewards);
    expect(bins).toHaveLength(10);
    expect(binOf(bins, 0)).toBe(0);
    expect(binOf(bins, 0.15)).toBe(1);
    expect(binOf(bins, 1)).toBe(9);
  });

  it('counts per agent and per task over shared bins', async () => {
    const path = writeRolloutsFile([
      makeRollout({ task: 0, rollout: 0, reward: 1, question: 'q0', answer: 'a' }),
      makeRollout({ task: 0, rollout: 1, reward: 0, question: 'q0', answer: 'b' }),
      makeRollout({ task: 1, rollout: 0, reward: 1, question: 'q1', answer: 'a' }),
      makeRollout({ task: 0, rollout: 0, reward: 0.5, question: 'q0', answer: 'a', agent: 'other_agent' }),
      { ...makeRollout({ task: 2, rollout: 0, reward: 0, question: 'q2', answer: 'a' }), reward: null },
    ]);
    const stats = computeStats(await RolloutIndex.build(path));
    expect(stats.bins.map((b) => b.label)).toEqual(['0', '0.5', '1']);
    expect(stats.overall).toMatchObject({ count: 5, noReward: 1, counts: [1, 1, 2] });
    expect(stats.agents.map((a) => [a.agent, a.count, a.counts, a.mean])).toEqual([
      ['weather_agent', 4, [1, 0, 2], 2 / 3],
      ['other_agent', 1, [0, 1, 0], 0.5],
    ]);
    expect(stats.tasks.map((t) => [t.agent, t.task, t.counts])).toEqual([
      ['other_agent', 0, [0, 1, 0]],
      ['weather_agent', 0, [1, 0, 1]],
      ['weather_agent', 1, [0, 0, 1]],
      ['weather_agent', 2, [0, 0, 0]],
    ]);
    expect(stats.agents[0].metrics['mean/reward']).toBeCloseTo(2 / 3, 12);
    const limited = computeStats(await RolloutIndex.build(path), { agent: 'weather_agent', task_limit: 1 });
    expect(limited.tasks).toHaveLength(1);
    expect(limited.tasksTotal).toBe(3);
    expect(limited.bins.map((b) => b.label)).toEqual(['0', '1']);
  });
});
