import { afterEach, describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { verifyRequestWith } from '@gym/schemas';
import { defineResourcesServer } from '@gym/server';
import { functionCall, message, postJson, type Script, scriptedModel, Topology, usage } from '@gym/testing';
import { server as toolSimulationAgent } from '../app.ts';

/** Rewards a function call whose name matches the row's expected action, like the argument-comparison server. */
function comparisonResources() {
  return defineResourcesServer({
    className: 'ComparisonResources',
    verifyRequest: verifyRequestWith({ expected_action: Type.Object({ name: Type.String() }, { additionalProperties: true }) }),
    verify(body) {
      const call = body.response.output.find((item) => item.type === 'function_call') as { name?: string } | undefined;
      return { reward: call?.name === body.expected_action.name ? 1.0 : 0.0 };
    },
    aggregateMetrics() {
      throw new Error('tool_simulation_agent must not proxy aggregate_metrics');
    },
  });
}

let topo: Topology;
afterEach(() => topo?.close());

async function setup(script: Script, agentConfig: Record<string, unknown> = {}) {
  topo = new Topology();
  await topo.start('policy_model', scriptedModel(script));
  await topo.start('res', comparisonResources());
  await topo.start('agent', toolSimulationAgent, { resources_server: { type: 'resources_servers', name: 'res' }, ...agentConfig });
}

const row = {
  responses_create_params: {
    input: [
      { role: 'user', content: 'Book a table for two.' },
      { type: 'function_call', name: 'search', arguments: '{"q":"tables"}', call_id: 'c0' },
      { type: 'function_call_output', call_id: 'c0', output: '{"found": 3}' },
    ],
    tools: [{ type: 'function', name: 'book', parameters: { type: 'object', properties: {} }, strict: true }],
  },
  expected_action: { name: 'book', arguments: '{}' },
  category: 'booking',
};
const bookCall = functionCall('book', '{"people": 2}', 'c1');

describe('tool_simulation_agent', () => {
  it('makes exactly 2 POSTs per /run (own /v1/responses, then /verify), with no seed_session and no cookies', async () => {
    await setup(() => ({ output: [bookCall], usage: usage(10, 3) }));
    const res = await postJson(topo.client, 'agent', '/run', row);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...row, reward: 1 });

    const madeByRun = topo.hops.filter((h) => h.server !== 'policy_model' && h.path !== '/run');
    expect(madeByRun.map((h) => `${h.server} ${h.path}`)).toEqual(['agent /v1/responses', 'res /verify']);
    expect(topo.hopsTo('policy_model')).toHaveLength(1);
    for (const hop of topo.hops) expect(hop.cookies).toEqual({});
    expect(topo.hopsTo('res')[0].body).toEqual({ ...row, response: res.body.response });
  });

  it('never runs the model\'s function calls: the Response comes back unchanged', async () => {
    await setup(() => ({ output: [message('Booking now.'), bookCall], usage: usage(10, 3) }));
    const res = await postJson(topo.client, 'agent', '/v1/responses', row.responses_create_params);
    expect(res.status).toBe(200);
    expect(res.body.output).toEqual([message('Booking now.'), bookCall]);
    expect(res.body.usage).toEqual(usage(10, 3));
    expect(topo.hopsTo('res')).toHaveLength(0);
  });

  it('forwards the body as it came: a string input is not wrapped', async () => {
    await setup(() => ({ output: [message('hi')] }));
    await postJson(topo.client, 'agent', '/v1/responses', { input: 'hello', temperature: 0.5 });
    expect(topo.hopsTo('policy_model')[0].body).toEqual({ input: 'hello', temperature: 0.5 });
  });

  it('returns the row, response and configured reward without /verify when verification is skipped', async () => {
    await setup(() => ({ output: [bookCall] }), { skip_verification: true, skip_verification_reward: 0.5 });
    const res = await postJson(topo.client, 'agent', '/run', row);
    expect(res.body).toMatchObject({ ...row, reward: 0.5, verification_skipped: true });
    expect(res.body.response.output).toEqual([bookCall]);
    expect(topo.hopsTo('res')).toHaveLength(0);
  });

  it('computes aggregate_metrics itself instead of proxying them', async () => {
    await setup(() => ({ output: [bookCall] }));
    const verifyResponses = [{ _ng_task_index: 0, reward: 1.0 }, { _ng_task_index: 1, reward: 0.0 }];
    const res = await postJson(topo.client, 'agent', '/aggregate_metrics', { verify_responses: verifyResponses });
    expect(res.status).toBe(200);
    expect(res.body.agent_metrics['mean/reward']).toBe(0.5);
    expect(topo.hopsTo('res')).toHaveLength(0);
  });

  it('fails with 500 and the inner body when the model call fails', async () => {
    await setup(() => {
      throw new Error('model offline');
    });
    const res = await postJson(topo.client, 'agent', '/run', row);
    expect(res.status).toBe(500);
    expect(res.body).toContain('Hit an exception in ToolSimulationAgent___agent calling an inner server: ');
    expect(res.body).toContain('model offline');
    expect(topo.hopsTo('res')).toHaveLength(0);
  });

  it('fails with 500 when the model returns something that is not a Response', async () => {
    await setup(() => ({ output: [], raw: { output: 'nope' } }));
    const res = await postJson(topo.client, 'agent', '/v1/responses', { input: 'x' });
    expect(res.status).toBe(500);
    expect(res.body).toContain('Received an invalid response from model server');
  });

  it('fails with 500 and the inner body when /verify rejects the row', async () => {
    await setup(() => ({ output: [bookCall] }));
    const { expected_action: _dropped, ...withoutExpected } = row;
    const res = await postJson(topo.client, 'agent', '/run', withoutExpected);
    expect(res.status).toBe(500);
    expect(res.body).toMatch(/^Hit an exception in ToolSimulationAgent___agent calling an inner server: \{"detail":\[.*"expected_action"/);
  });
});
