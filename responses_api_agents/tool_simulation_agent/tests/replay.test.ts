/**
 * Replays the recorded pivot rollouts (single_step_tool_use_with_argument_comparison
 * rows, every create param spelled out, nulls included) through /run: the rows
 * must pass the strict request schemas, reach the model unchanged, and come
 * back as the verify request with the recorded response.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fixturesDir, joinRolloutsToRows, postJson, readJsonl, scriptedModel, Topology } from '@gym/testing';
import { defineResourcesServer } from '@gym/server';
import { server as toolSimulationAgent } from '../app.ts';

let topo: Topology;
afterEach(() => topo?.close());

const dir = fixturesDir('pivot/');
const cases = dir ? joinRolloutsToRows(readJsonl(`${dir}example.jsonl`), readJsonl(`${dir}example_rollouts.jsonl`)) : [];

describe.skipIf(!dir)('tool_simulation_agent replays the recorded pivot rollouts', () => {
  it.each(cases)('rollout $line', async ({ row, rollout }) => {
    const recorded = rollout.response as { output: Array<Record<string, unknown>> };
    topo = new Topology();
    await topo.start('policy_model', scriptedModel(() => ({ output: recorded.output })));
    await topo.start('res', defineResourcesServer({ className: 'ReplayResources', verify: () => ({ reward: Number(rollout.reward) }) }));
    await topo.start('agent', toolSimulationAgent, { resources_server: { type: 'resources_servers', name: 'res' } });

    const res = await postJson(topo.client, 'agent', '/run', row);
    expect(res.status).toBe(200);
    expect(res.body.reward).toBe(rollout.reward);
    expect(res.body.response.output).toEqual(recorded.output);
    expect(res.body.expected_action).toEqual(row.expected_action);
    expect(topo.hopsTo('policy_model')[0].body).toEqual(row.responses_create_params);
  });
});
