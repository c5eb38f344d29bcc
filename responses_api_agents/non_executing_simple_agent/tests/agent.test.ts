import { afterEach, describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { verifyRequestWith } from '@gym/schemas';
import { defineResourcesServer, SessionStore, tool } from '@gym/server';
import { functionCall, message, postJson, type Script, scriptedModel, Topology } from '@gym/testing';
import { server as nonExecutingAgent } from '../app.ts';

/** Grades the proposed call against the tool named at seed time: only works if the seed session reaches /verify. */
function proposalGrader() {
  const expected = new SessionStore<string>();
  return defineResourcesServer({
    className: 'ProposalGrader',
    verifyRequest: verifyRequestWith({}),
    tools: { search: tool(Type.Object({}), async () => ({ ran: true })) },
    seedSession(row, ctx) {
      expected.set(ctx.sessionId, String((row as Record<string, unknown>).expected_tool));
      return {};
    },
    verify(body, ctx) {
      const call = body.response.output.find((item) => item.type === 'function_call') as { name?: string } | undefined;
      const want = expected.get(ctx.sessionId);
      return { reward: want !== undefined && call?.name === want ? 1.0 : 0.0, seeded: want !== undefined };
    },
    aggregateMetrics(body) {
      return { group_level_metrics: [], agent_metrics: { from_resources_server: body.verify_responses.length }, key_metrics: {} };
    },
  });
}

let topo: Topology;
afterEach(() => topo?.close());

async function setup(script: Script) {
  topo = new Topology();
  await topo.start('policy_model', scriptedModel(script));
  await topo.start('res', proposalGrader());
  await topo.start('agent', nonExecutingAgent, { resources_server: { type: 'resources_servers', name: 'res' } });
}

const row = { responses_create_params: { input: 'Find flights to Oslo.' }, expected_tool: 'search', _ng_task_index: 1 };
const searchCall = functionCall('search', '{"to": "Oslo"}', 's1');

describe('non_executing_simple_agent', () => {
  it('runs seed_session, its own /v1/responses, then /verify with the seed session, and never runs the calls', async () => {
    await setup(() => ({ output: [searchCall] }));
    const res = await postJson(topo.client, 'agent', '/run', row);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...row, reward: 1, seeded: true });
    expect(res.body.response.output).toEqual([searchCall]);

    expect(topo.hops.filter((h) => h.path !== '/run').map((h) => `${h.server} ${h.path}`)).toEqual([
      'res /seed_session', 'agent /v1/responses', 'policy_model /v1/responses', 'res /verify',
    ]);
    const resourcesCookie = 'ProposalGrader___res';
    const [seedHop, verifyHop] = topo.hopsTo('res');
    expect(seedHop.cookies[resourcesCookie]).toBeUndefined();
    expect(topo.hopsTo('agent').at(-1)?.cookies[resourcesCookie]).toBeDefined();
    expect(verifyHop.cookies[resourcesCookie]).toBe(topo.hopsTo('agent').at(-1)?.cookies[resourcesCookie]);
    expect(topo.hopsTo('policy_model')[0].cookies).toEqual({});
  });

  it('wraps a string input, returns the Response unchanged and echoes the inbound and model cookies', async () => {
    await setup(() => ({ output: [message('Searching.'), searchCall] }));
    const res = await postJson(topo.client, 'agent', '/v1/responses', { input: 'hi' }, { caller: 'c1' });
    expect(res.status).toBe(200);
    expect(res.body.output).toEqual([message('Searching.'), searchCall]);
    expect(topo.hopsTo('policy_model')[0].body).toEqual({ input: [{ role: 'user', content: 'hi', type: 'message' }] });
    expect(res.cookies).toMatchObject({ caller: 'c1', model_turn: '1' });
    expect(topo.hopsTo('res')).toHaveLength(0);
  });

  it('proxies aggregate_metrics to the resources server', async () => {
    await setup(() => ({ output: [searchCall] }));
    const res = await postJson(topo.client, 'agent', '/aggregate_metrics', { verify_responses: [{ _ng_task_index: 0, reward: 1 }] });
    expect(res.body.agent_metrics).toEqual({ from_resources_server: 1 });
  });

  it('fails with 500 and the inner body when the model call fails, after seeding', async () => {
    await setup(() => {
      throw new Error('model offline');
    });
    const res = await postJson(topo.client, 'agent', '/run', row);
    expect(res.status).toBe(500);
    expect(res.body).toMatch(/^Hit an exception in NonExecutingSimpleAgent___agent calling an inner server: .*model offline/);
    expect(topo.hopsTo('res').map((h) => h.path)).toEqual(['/seed_session']);
  });
});
