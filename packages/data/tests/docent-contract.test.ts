import { describe, expect, it } from 'vitest';
import { fixturesDir, readJsonl } from '@gym/testing';
import { docentContractViolations } from '../src/index.ts';

const good = {
  responses_create_params: { input: [{ role: 'user', content: 'hi' }] },
  response: { id: 'r', output: [] },
  reward: 0.5,
  _ng_task_index: 0,
  _ng_rollout_index: 1,
  agent_ref: { name: 'a' },
};

describe('docentContractViolations', () => {
  it('accepts a complete line and names each missing field', () => {
    expect(docentContractViolations(good)).toEqual([]);
    const { agent_ref: _a, reward: _r, ...bad } = good;
    expect(docentContractViolations({ ...bad, reward: '1', _ng_task_index: 1.5 })).toEqual([
      'agent_ref.name is missing',
      '_ng_task_index is not an integer',
      'reward is not a number',
    ]);
  });

  const dir = fixturesDir('data/');
  it.skipIf(!dir)('holds for every line the reference collected', () => {
    const rows = readJsonl(`${dir}multi_turn_gymnasium__example_rollouts.jsonl`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.flatMap(docentContractViolations)).toEqual([]);
  });
});
