/**
 * Re-verifies the reference recordings (and this folder's own example
 * rollouts) against the running server: each rollout is joined to its
 * example row, its tool calls are replayed, and the recorded reward must
 * come back.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, joinRolloutsToRows, readJsonl } from '@gym/testing';
import { server } from '../app.ts';
import { listen, replayRollout, type RunningServer } from './replay.ts';

const fixtures = fixturesDir('servers/example_tool_call_multireward/');
const dataDir = new URL('../data/', import.meta.url).pathname;

/** Fields the recording holds besides the prompt, the response and the collection stamps. */
const recordedVerifyFields = (rollout: Record<string, unknown>) =>
  Object.keys(rollout).filter((k) => !['responses_create_params', 'response', '_ng_task_index', '_ng_rollout_index', 'agent_ref'].includes(k));

let running: RunningServer;
beforeAll(async () => {
  running = await listen(server, 'example_tool_call_multireward');
});
afterAll(() => running.close());

function checkRollouts(rowsPath: string, rolloutsPath: string) {
  const pairs = joinRolloutsToRows(readJsonl(rowsPath), readJsonl(rolloutsPath));
  it('joins every rollout line to an example row', () => expect(pairs).toHaveLength(5));
  for (const { row, rollout, line } of pairs) {
    it(`line ${line}: replayed tool outputs match and the reward is ${rollout.reward}`, async () => {
      const { verify, tools } = await replayRollout(running, row, rollout);
      for (const t of tools) expect(JSON.parse(t.replayedOutput)).toEqual(JSON.parse(String(t.recordedOutput)));
      expect(verify.reward).toBe(rollout.reward);
      expect(verify.response).toEqual(rollout.response);
      for (const key of recordedVerifyFields(rollout)) expect(verify[key], key).toEqual(rollout[key]);
    });
  }
}

describe.skipIf(!fixtures)('reference rollouts of example_tool_call_multireward', () => {
  if (fixtures) checkRollouts(`${fixtures}example.jsonl`, `${fixtures}example_rollouts.jsonl`);
});

describe('own example rollouts in data/', () => {
  checkRollouts(`${dataDir}example.jsonl`, `${dataDir}example_rollouts.jsonl`);
  it('stamps every line with task, rollout index and agent', () => {
    const lines = readFileSync(`${dataDir}example_rollouts.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l._ng_task_index)).toEqual([0, 1, 2, 3, 4]);
    for (const l of lines) expect(l.agent_ref).toEqual({ type: 'responses_api_agents', name: 'example_tool_call_multireward_simple_agent' });
  });
});
