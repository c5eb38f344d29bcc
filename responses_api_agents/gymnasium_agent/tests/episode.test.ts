import { afterEach, describe, expect, it } from 'vitest';
import { buildServer, defineResourcesServer } from '@gym/server';
import { functionCall, message, postJson, type Script, scriptedModel, Topology, usage } from '@gym/testing';
import { server as gymnasiumAgent } from '../app.ts';
import { quizEnvironment, type QuizOptions } from './fakes.ts';

let topo: Topology;
afterEach(() => topo?.close());

async function setup(script: Script, envOptions: QuizOptions = {}, agentConfig: Record<string, unknown> = {}) {
  topo = new Topology();
  await topo.start('policy_model', scriptedModel(script));
  const env = quizEnvironment(envOptions);
  await topo.start('env', env.server);
  await topo.start('agent', gymnasiumAgent, { resources_server: { type: 'resources_servers', name: 'env' }, ...agentConfig });
  return { env, run: (body: unknown) => postJson(topo.client, 'agent', '/run', body) };
}

const row = {
  responses_create_params: { input: [{ role: 'user', content: 'Guess the city.' }], temperature: 0 },
  answer: 'Paris',
  reset_observation: 'It is a capital in Europe.',
  _ng_task_index: 2,
};
const user = (content: string) => ({ role: 'user', content, type: 'message' });
const wrong = message('Rome?', 'msg_a');
const hintCall = functionCall('ask_hint', '{}', 'h1');
const right = message('Paris!', 'msg_c');
/** Wrong answer, then a hint request, then the right answer. */
const threeTurns: Script = (_b, n) => ({ output: [[wrong], [hintCall], [right]][n - 1] ?? [wrong], usage: usage(10 * n, n) });

describe('gymnasium_agent /run', () => {
  it('resets, then alternates model turn and step until terminated, summing the environment rewards', async () => {
    const { run } = await setup(threeTurns);
    const res = await run(row);
    expect(res.status).toBe(200);

    const baseInput = [...row.responses_create_params.input, user(row.reset_observation)];
    const hintOutput = { type: 'function_call_output', call_id: 'h1', output: '{"hint":"starts with P"}' };
    const output = [wrong, user('Wrong (1), try again.'), hintCall, hintOutput, right];
    expect(res.body).toEqual({
      responses_create_params: { ...row.responses_create_params, input: baseInput },
      response: expect.objectContaining({ id: 'resp_3', output, usage: expect.objectContaining({ input_tokens: 60, output_tokens: 6, total_tokens: 66 }) }),
      reward: 1.25,
      terminated: true,
      truncated: false,
      info: { result: 'correct', steps: 3 },
    });

    expect(topo.hops.filter((h) => h.server !== 'agent').map((h) => `${h.server} ${h.path}`)).toEqual([
      'env /reset', 'policy_model /v1/responses', 'env /step', 'policy_model /v1/responses', 'env /step', 'policy_model /v1/responses', 'env /step',
    ]);
    const [reset, ...steps] = topo.hopsTo('env');
    expect(reset.body).toEqual(row);
    // Each step gets the row plus that turn's Response only, usage included.
    expect(steps.map((s) => s.body)).toEqual([
      { ...row, response: expect.objectContaining({ id: 'resp_1', output: [wrong], usage: usage(10, 1) }) },
      { ...row, response: expect.objectContaining({ id: 'resp_2', output: [hintCall], usage: usage(20, 2) }) },
      { ...row, response: expect.objectContaining({ id: 'resp_3', output: [right], usage: usage(30, 3) }) },
    ]);
    // The model sees the reset observation and everything so far, including the step observations.
    const inputs = topo.hopsTo('policy_model').map((h) => (h.body as { input: unknown[] }).input);
    expect(inputs).toEqual([baseInput, [...baseInput, ...output.slice(0, 2)], [...baseInput, ...output.slice(0, 4)]]);
    expect(topo.hopsTo('policy_model').every((h) => (h.body as { temperature: number }).temperature === 0)).toBe(true);
  });

  it('keeps one environment session from reset to the last step, and threads the model cookies', async () => {
    const { run } = await setup(threeTurns);
    await run(row);
    const envCookie = 'QuizEnvironment___env';
    const envHops = topo.hopsTo('env');
    expect(envHops[0].cookies[envCookie]).toBeUndefined();
    const session = envHops[1].cookies[envCookie];
    expect(session).toBeDefined();
    for (const hop of envHops.slice(1)) expect(hop.cookies[envCookie]).toBe(session);
    expect(topo.hopsTo('policy_model').map((h) => h.cookies.model_turn)).toEqual([undefined, '1', '2']);
  });

  it('leaves the input alone when reset has no observation and wraps a string input', async () => {
    const { run } = await setup(() => ({ output: [right] }));
    const res = await run({ responses_create_params: { input: 'Guess the city.' }, answer: 'Paris' });
    expect(res.body.responses_create_params.input).toEqual([user('Guess the city.')]);
    expect(res.body.response.output).toEqual([right]);
    expect(res.body.reward).toBe(1);
  });

  it('marks the episode truncated when max_steps runs out (default 10)', async () => {
    const { run } = await setup(() => ({ output: [wrong] }));
    const res = await run(row);
    expect(res.body).toMatchObject({ reward: 0, terminated: false, truncated: true, info: {} });
    expect(topo.hopsTo('policy_model')).toHaveLength(10);
    expect(topo.hopsTo('env').filter((h) => h.path === '/step')).toHaveLength(10);
  });

  it('honours a configured max_steps', async () => {
    const { run } = await setup(() => ({ output: [wrong] }), {}, { max_steps: 2 });
    const res = await run(row);
    expect(res.body.truncated).toBe(true);
    expect(topo.hopsTo('policy_model')).toHaveLength(2);
    expect(res.body.response.output).toEqual([wrong, user('Wrong (1), try again.'), wrong, user('Wrong (2), try again.')]);
  });

  it('stops when the environment truncates', async () => {
    const { run } = await setup(() => ({ output: [wrong] }), { truncateAt: 2 });
    const res = await run(row);
    expect(res.body).toMatchObject({ terminated: false, truncated: true, info: { reason: 'time limit' } });
    expect(topo.hopsTo('policy_model')).toHaveLength(2);
  });

  it('closes an environment that asks for it, after success and after failure', async () => {
    const ok = await setup(threeTurns, { supportsClose: true });
    expect((await ok.run(row)).status).toBe(200);
    expect(topo.hopsTo('env').at(-1)?.path).toBe('/close');
    expect(ok.env.closed).toHaveLength(1);
    await topo.close();

    const failing = await setup(() => {
      throw new Error('model crashed');
    }, { supportsClose: true });
    const res = await failing.run(row);
    expect(res.status).toBe(500);
    expect(res.body).toContain('model crashed');
    expect(failing.env.closed).toHaveLength(1);
  });

  it('reports a failed close after a finished episode as a cleanup warning', async () => {
    const { run } = await setup(threeTurns, { supportsClose: true, failClose: true });
    const res = await run(row);
    expect(res.status).toBe(200);
    expect(res.body.reward).toBe(1.25);
    expect(res.body.info.cleanup_warning).toMatchObject({ operation: 'close', error_type: 'InnerServerError' });
  });

  it('adds a fresh _ng_step_request_id to every step when the environment supports idempotent steps', async () => {
    const { run } = await setup(threeTurns, { idempotentSteps: true });
    await run(row);
    const ids = topo.hopsTo('env').filter((h) => h.path === '/step').map((h) => (h.body as { _ng_step_request_id: string })._ng_step_request_id);
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(3);
  });

  it('fails with the inner body when a step fails', async () => {
    const { run } = await setup(threeTurns, { failStep: { step: 2, status: 500 } });
    const res = await run(row);
    expect(res.status).toBe(500);
    expect(res.body).toBe('Hit an exception in GymnasiumAgent___agent calling an inner server: {"detail":"environment fault"}');
  });

  it('fails naming /step when the step reply is not a step reply', async () => {
    const { run } = await setup(threeTurns, { garbleStep: 1 });
    const res = await run(row);
    expect(res.status).toBe(500);
    expect(res.body).toContain("resources server 'env' POST /step answered with a body that is not");
  });

  it('fails with the 404 body when the resources server has no /reset', async () => {
    topo = new Topology();
    await topo.start('policy_model', scriptedModel(() => ({ output: [right] })));
    await topo.start('env', defineResourcesServer({ className: 'NotAnEnvironment', verify: () => ({ reward: 0 }) }));
    await topo.start('agent', gymnasiumAgent, { resources_server: { type: 'resources_servers', name: 'env' } });
    const res = await postJson(topo.client, 'agent', '/run', row);
    expect(res.status).toBe(500);
    expect(res.body).toBe('Hit an exception in GymnasiumAgent___agent calling an inner server: {"detail":"Not Found"}');
  });
});

describe('gymnasium_agent /v1/responses and /aggregate_metrics', () => {
  it('makes one model call with the body as it came and the caller\'s cookies, and returns the model cookies', async () => {
    await setup(() => ({ output: [hintCall] }));
    const res = await postJson(topo.client, 'agent', '/v1/responses', { input: 'hello' }, { caller_session: 'abc' });
    expect(res.status).toBe(200);
    expect(res.body.output).toEqual([hintCall]);
    const [model] = topo.hopsTo('policy_model');
    expect(model.body).toEqual({ input: 'hello' });
    expect(model.cookies.caller_session).toBe('abc');
    expect(res.cookies.model_turn).toBe('1');
    expect(topo.hopsTo('env')).toHaveLength(0);
  });

  it('proxies aggregate_metrics to the environment', async () => {
    await setup(threeTurns);
    const res = await postJson(topo.client, 'agent', '/aggregate_metrics', { verify_responses: [{ _ng_task_index: 0, reward: 1 }] });
    expect(res.body.agent_metrics).toEqual({ from_environment: 1 });
  });
});

describe('gymnasium_agent config', () => {
  it('refuses max_steps below 1, naming the key', async () => {
    const config = { resources_server: { type: 'resources_servers', name: 'env' }, max_steps: 0 };
    await expect(buildServer(gymnasiumAgent, { instanceName: 'gym_agent', config, docs: false })).rejects.toThrow(/gym_agent\.max_steps/);
  });
});
