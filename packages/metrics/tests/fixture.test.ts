import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { aggregateMetrics } from '../src/index.ts';

const dir = fileURLToPath(new URL('../../../../shared/fixtures/data/', import.meta.url));
const present = existsSync(dir);
if (!present) console.warn(`skipping recorded-metrics test: ${dir} is absent`);

describe.skipIf(!present)('aggregate metrics match the reference recording', () => {
  it('reproduces agent, key and group metrics of the gymnasium example', () => {
    const rows = readFileSync(`${dir}/multi_turn_gymnasium__example_rollouts.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const [expected] = JSON.parse(readFileSync(`${dir}/multi_turn_gymnasium__example_rollouts_aggregate_metrics.json`, 'utf8'));
    const got = aggregateMetrics(rows);
    expect(Object.keys(got.agent_metrics)).toEqual(Object.keys(expected.agent_metrics));
    for (const [k, v] of Object.entries(expected.agent_metrics)) expect(got.agent_metrics[k]).toBeCloseTo(v as number, 9);
    expect(got.key_metrics).toEqual(expected.key_metrics);
    expect(got.group_level_metrics.length).toBe(expected.group_level_metrics.length);
    for (let i = 0; i < got.group_level_metrics.length; i++) {
      const g = got.group_level_metrics[i] as Record<string, unknown>;
      const e = expected.group_level_metrics[i];
      expect(Object.keys(g)).toEqual(Object.keys(e));
      expect(g.rollout_infos).toEqual(e.rollout_infos);
    }
  });
});
