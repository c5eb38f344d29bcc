import { afterEach, describe, expect, it } from 'vitest';
import { functionCall, message, postJson, scriptedModel, Topology, usage } from '@gym/testing';
import { server as simpleAgent } from '../app.ts';
import { counterResources } from './fakes.ts';

let topo: Topology;
afterEach(() => topo?.close());

/** The model adds 13 then 14 to the seeded counter, then answers. */
const countingModel = () =>
  scriptedModel((_b, n) => {
    if (n === 1) return { output: [functionCall('increment_counter', '{"count": 13}', 'a'), functionCall('increment_counter', '{"count": 14}', 'b')], usage: usage(10, 5) };
    return { output: [message('The count is 42.')], usage: usage(20, 5) };
  });

async function setup(agentConfig: Record<string, unknown> = {}) {
  topo = new Topology();
  await topo.start('policy_model', countingModel());
  await topo.start('res', counterResources());
  await topo.start('agent', simpleAgent, { resources_server: { type: 'resources_servers', name: 'res' }, ...agentConfig });
  return (body: unknown) => postJson(topo.client, 'agent', '/run', body);
}

const row = {
  responses_create_params: { input: [{ role: 'user', content: 'Add 13 and 14 to the counter.' }] },
  initial_count: 15,
  expected_count: 42,
  _ng_task_index: 3,
  _ng_rollout_index: 0,
  agent_ref: { type: 'responses_api_agents', name: 'agent' },
};

describe('simple_agent /run', () => {
  it('calls seed_session, then its own /v1/responses, then /verify, with the seed session reaching tools and verify', async () => {
    const run = await setup();
    const res = await run(row);
    expect(res.status).toBe(200);

    const order = topo.hops.filter((h) => ['/seed_session', '/verify'].includes(h.path) || (h.server === 'agent' && h.path === '/v1/responses'));
    expect(order.map((h) => `${h.server} ${h.path}`)).toEqual(['res /seed_session', 'agent /v1/responses', 'res /verify']);
    expect(order[0].body).toEqual(row);
    expect(order[1].body).toEqual(row.responses_create_params);

    // 15 + 13 + 14 = 42 only if the seeded session was the one the tools and verify saw.
    expect(res.body.reward).toBe(1);
    expect(res.body.seen_count).toBe(42);
    const resourcesCookie = 'CounterResources___res';
    const resourceHops = topo.hopsTo('res').slice(1);
    expect(resourceHops.map((h) => h.path)).toEqual(['/increment_counter', '/increment_counter', '/verify']);
    const seedSession = order[1].cookies[resourcesCookie];
    expect(seedSession).toBeDefined();
    for (const hop of resourceHops) expect(hop.cookies[resourcesCookie]).toBe(seedSession);
  });

  it('returns the verify reply: the row echoed with the final response and the reward', async () => {
    const run = await setup();
    const { body } = await run(row);
    expect(body).toMatchObject({ ...row, reward: 1 });
    expect(body.response.output.map((o: { type: string }) => o.type)).toEqual(['function_call', 'function_call', 'function_call_output', 'function_call_output', 'message']);
    expect(body.response.usage).toMatchObject({ input_tokens: 30, output_tokens: 10, total_tokens: 40 });
    expect(topo.hopsTo('res').find((h) => h.path === '/verify')?.body).toEqual({ ...row, response: body.response });
  });

  it('skips /verify when skip_verification is set and reports the configured reward', async () => {
    const run = await setup({ skip_verification: true, skip_verification_reward: 0.25 });
    const res = await run(row);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...row, reward: 0.25, verification_skipped: true });
    expect(res.body.response.output.at(-1).type).toBe('message');
    expect(topo.hops.some((h) => h.path === '/verify')).toBe(false);
  });

  it('fails with the inner body when seed_session fails, before any model call', async () => {
    const run = await setup();
    const res = await run({ ...row, fail_seed: true });
    expect(res.status).toBe(500);
    expect(res.body).toBe('Hit an exception in SimpleAgent___agent calling an inner server: "Error(\\"seed refused\\")"');
    expect(topo.hopsTo('policy_model')).toHaveLength(0);
  });

  it('fails with the inner body when /verify answers non-2xx', async () => {
    const run = await setup();
    const res = await run({ ...row, fail_verify: 'conflict' });
    expect(res.status).toBe(500);
    expect(res.body).toBe('Hit an exception in SimpleAgent___agent calling an inner server: {"detail":"session is not active"}');
  });

  it('rejects a run body without responses_create_params with a 422 naming it', async () => {
    const run = await setup();
    const res = await run({ initial_count: 1 });
    expect(res.status).toBe(422);
    expect(res.body.detail[0]).toMatchObject({ loc: ['body', 'responses_create_params'], type: 'missing' });
  });
});

describe('simple_agent /aggregate_metrics', () => {
  const verifyResponses = [
    { _ng_task_index: 0, _ng_rollout_index: 0, reward: 1.0 },
    { _ng_task_index: 0, _ng_rollout_index: 1, reward: 0.0 },
  ];

  it('is answered by the resources server', async () => {
    await setup();
    const res = await postJson(topo.client, 'agent', '/aggregate_metrics', { verify_responses: verifyResponses });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ group_level_metrics: [], agent_metrics: { from_resources_server: 2 }, key_metrics: {} });
    expect(topo.hopsTo('res').map((h) => h.path)).toEqual(['/aggregate_metrics']);
  });

  it('is computed locally when verification is skipped', async () => {
    await setup({ skip_verification: true });
    const res = await postJson(topo.client, 'agent', '/aggregate_metrics', { verify_responses: verifyResponses });
    expect(res.status).toBe(200);
    expect(res.body.agent_metrics['mean/reward']).toBe(0.5);
    expect(topo.hopsTo('res')).toHaveLength(0);
  });
});
