/**
 * Re-verify recorded rollouts against the running server over HTTP: the
 * reference's recordings (every reward AND category must be reproduced) and
 * this folder's own example rollouts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '@gym/server';
import { fixturesDir, joinRolloutsToRows, readJsonl, verifyRequestFor } from '@gym/testing';
import { server } from '../app.ts';

const here = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const fixtures = fixturesDir('pivot/');

let baseUrl = '';
let close: () => Promise<void>;

beforeAll(async () => {
  const { app } = await buildServer(server, {
    instanceName: 'single_step_tool_use_with_argument_comparison_resources_server',
    config: { tool_call_comparator_config: { word_count_similarity_threshold: 0.1 } },
    docs: false,
  });
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  close = () => app.close();
});
afterAll(async () => close?.());

async function verifyOverHttp(body: Record<string, unknown>) {
  const res = await fetch(`${baseUrl}/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { reward: number; category: string };
}

describe.skipIf(!fixtures)('reference rollouts (fixtures/pivot/example_rollouts.jsonl)', () => {
  const rows = fixtures ? readJsonl(`${fixtures}example.jsonl`) : [];
  const rollouts = fixtures ? readJsonl(`${fixtures}example_rollouts.jsonl`) : [];

  it('has the five recorded rollouts', () => {
    expect(rollouts).toHaveLength(5);
    expect(rollouts.map((r) => r.reward)).toEqual([1, 1, 0, 1, 0]);
  });

  for (const [i, rollout] of rollouts.entries()) {
    it(`line ${i + 1}: reproduces reward ${rollout.reward} and its category`, async () => {
      const pair = joinRolloutsToRows(rows, [rollout])[0];
      const out = await verifyOverHttp(verifyRequestFor(pair.row, pair.rollout));
      expect({ reward: out.reward, category: out.category }).toEqual({ reward: rollout.reward, category: rollout.category });
    });
  }
});

describe('shipped example rollouts (data/example_rollouts.jsonl)', () => {
  const rows = readJsonl(here('data/example.jsonl'));
  const rollouts = readJsonl(here('data/example_rollouts.jsonl'));

  it('pairs one rollout with each example row', () => {
    expect(rollouts).toHaveLength(rows.length);
    expect(new Set(rollouts.map((r) => r._ng_task_index))).toEqual(new Set(rows.map((_, i) => i)));
  });

  for (const [i, rollout] of rollouts.entries()) {
    it(`line ${i + 1}: the verifier gives the recorded reward and category`, async () => {
      const row = rows[rollout._ng_task_index as number];
      const out = await verifyOverHttp({ ...row, response: rollout.response });
      expect({ reward: out.reward, category: out.category }).toEqual({ reward: rollout.reward, category: rollout.category });
      expect(out).toMatchObject({ expected_action: rollout.expected_action, responses_create_params: rollout.responses_create_params });
    });
  }

  it('keeps every row minimal: no null create params', () => {
    const text = readFileSync(here('data/example.jsonl'), 'utf8');
    expect(text).not.toMatch(/:null/);
  });
});
