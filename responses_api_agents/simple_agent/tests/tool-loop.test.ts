import { afterEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { functionCall, message, postJson, reasoning, type Script, scriptedModel, Topology, usage } from '@gym/testing';
import { server as simpleAgent } from '../app.ts';
import { DEFAULT_MAX_STEPS } from '../src/config.ts';
import { counterResources } from './fakes.ts';

let topo: Topology;
afterEach(() => topo?.close());

/** Agent `agent` + resources `res` + model `policy_model`, all listening. */
async function setup(script: Script, agentConfig: Record<string, unknown> = {}) {
  topo = new Topology();
  await topo.start('policy_model', scriptedModel(script));
  await topo.start('res', counterResources());
  const url = await topo.start('agent', simpleAgent, { resources_server: { type: 'resources_servers', name: 'res' }, ...agentConfig });
  return { url, call: (body: unknown, cookies?: Record<string, string>) => postJson(topo.client, 'agent', '/v1/responses', body, cookies) };
}

const userInput = [{ role: 'user', content: 'What is the weather?', type: 'message' }];
const modelInputs = () => topo.hopsTo('policy_model').map((h) => (h.body as { input: unknown[] }).input);

describe('simple_agent /v1/responses loop', () => {
  it('runs every call in order, feeds tool bodies back whatever their status, and returns only the new items', async () => {
    const turn1 = [reasoning('think'), functionCall('get_weather', '{"city": "San Francisco"}', 'c1'), functionCall('get_weather', '{"city": 5}', 'c2')];
    const turn2 = [functionCall('no_such_tool', '{}', 'c3'), functionCall('crash', '{}', 'c4')];
    const turn3 = [message('It is cold.')];
    const { call } = await setup((_b, n) => ({ output: [turn1, turn2, turn3][n - 1] }));

    const res = await call({ input: userInput, tools: [] });
    expect(res.status).toBe(200);
    const out = res.body.output;
    expect(out.map((o: { type: string }) => o.type)).toEqual([
      'reasoning', 'function_call', 'function_call', 'function_call_output', 'function_call_output',
      'function_call', 'function_call', 'function_call_output', 'function_call_output', 'message',
    ]);
    expect(out.slice(0, 3)).toEqual(turn1);
    expect(out[3]).toEqual({ type: 'function_call_output', call_id: 'c1', output: '{"city":"San Francisco","weather_description":"The weather in San Francisco is cold."}' });
    expect(out[4].call_id).toBe('c2');
    expect(JSON.parse(out[4].output).detail[0]).toMatchObject({ loc: ['body', 'city'], type: 'string_type' });
    expect(out[7]).toEqual({ type: 'function_call_output', call_id: 'c3', output: '{"detail":"Not Found"}' });
    expect(out[8]).toEqual({ type: 'function_call_output', call_id: 'c4', output: '"Error(\\"tool exploded\\")"' });
    expect(res.body.id).toBe('resp_3');

    // Tool route is POST /<name> with the parsed arguments as the body.
    expect(topo.hopsTo('res').map((h) => [h.path, h.body])).toEqual([
      ['/get_weather', { city: 'San Francisco' }],
      ['/get_weather', { city: 5 }],
      ['/no_such_tool', {}],
      ['/crash', {}],
    ]);
    // Each model call sees the original input plus everything produced so far.
    const inputs = modelInputs();
    expect(inputs[0]).toEqual(userInput);
    expect(inputs[1]).toEqual([...userInput, ...out.slice(0, 5)]);
    expect(inputs[2]).toEqual([...userInput, ...out.slice(0, 9)]);
  });

  it('answers malformed arguments with an error output, makes no resources call, and goes on', async () => {
    const { call } = await setup((_b, n) =>
      n === 1 ? { output: [functionCall('get_weather', '{"city": ', 'bad1'), functionCall('get_weather', '', 'bad2')] } : { output: [message('sorry')] },
    );
    const res = await call({ input: 'weather?' });
    expect(res.status).toBe(200);
    const [, , out1, out2, final] = res.body.output;
    for (const [item, id] of [[out1, 'bad1'], [out2, 'bad2']]) {
      expect(item.type).toBe('function_call_output');
      expect(item.call_id).toBe(id);
      expect(item.output).toMatch(/^\{"error": "Invalid tool call arguments: SyntaxError\(/);
      expect(JSON.parse(item.output).error).toMatch(/^Invalid tool call arguments: /);
    }
    expect(final.type).toBe('message');
    expect(topo.hopsTo('res')).toHaveLength(0);
    expect(topo.hopsTo('policy_model')).toHaveLength(2);
  });

  it('wraps a string input as a user message', async () => {
    const { call } = await setup(() => ({ output: [message('hi')] }));
    await call({ input: 'hello' });
    expect(modelInputs()[0]).toEqual([{ role: 'user', content: 'hello', type: 'message' }]);
  });

  it('keeps calling a model that only reasons, up to max_steps: 3 gives exactly 3 model calls', async () => {
    const { call } = await setup((_b, n) => ({ output: [reasoning(`step ${n}`)] }), { max_steps: 3 });
    const res = await call({ input: 'x' });
    expect(res.status).toBe(200);
    expect(topo.hopsTo('policy_model')).toHaveLength(3);
    expect(res.body.output.map((o: { summary: Array<{ text: string }> }) => o.summary[0].text)).toEqual(['step 1', 'step 2', 'step 3']);
  });

  it.each([
    ['unset', {}],
    ['null', { max_steps: null }],
  ])('bounds a reasoning-only model by the default of %s max_steps', async (_label, config) => {
    const { call } = await setup((_b, n) => ({ output: [reasoning(`step ${n}`)] }), config);
    const res = await call({ input: 'x' });
    expect(res.status).toBe(200);
    expect(topo.hopsTo('policy_model')).toHaveLength(DEFAULT_MAX_STEPS);
  });

  it('treats max_steps: 0 as unlimited', async () => {
    const turns = DEFAULT_MAX_STEPS + 6;
    const { call } = await setup((_b, n) => ({ output: n < turns ? [reasoning('more')] : [message('done')] }), { max_steps: 0 });
    const res = await call({ input: 'x' });
    expect(res.status).toBe(200);
    expect(topo.hopsTo('policy_model')).toHaveLength(turns);
    expect(res.body.output.at(-1).type).toBe('message');
  });

  it('checks max_steps after the tools of the last turn ran', async () => {
    const { call } = await setup(() => ({ output: [functionCall('get_weather', '{"city":"Oslo"}', 'c1')] }), { max_steps: 1 });
    const res = await call({ input: 'x' });
    expect(topo.hopsTo('policy_model')).toHaveLength(1);
    expect(res.body.output.map((o: { type: string }) => o.type)).toEqual(['function_call', 'function_call_output']);
  });

  it('continues after a turn with both a message and a function call', async () => {
    const { call } = await setup((_b, n) =>
      n === 1 ? { output: [message('let me check'), functionCall('get_weather', '{"city":"Oslo"}', 'c1')] } : { output: [message('cold')] },
    );
    const res = await call({ input: 'x' });
    expect(topo.hopsTo('policy_model')).toHaveLength(2);
    expect(res.body.output).toHaveLength(4);
  });

  it('stops at once on incomplete_details, runs none of that turn\'s calls, and keeps the details', async () => {
    const { call } = await setup(() => ({
      output: [functionCall('get_weather', '{"city":"Os', 'c1')],
      incomplete_details: { reason: 'max_output_tokens' },
    }));
    const res = await call({ input: 'x' });
    expect(res.status).toBe(200);
    expect(topo.hopsTo('policy_model')).toHaveLength(1);
    expect(topo.hopsTo('res')).toHaveLength(0);
    expect(res.body.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(res.body.output).toHaveLength(1);
  });

  it('sums usage across turns and skips turns without usage (101/202/303)', async () => {
    const usages = [usage(1, 2, 5, 1), null, { ...usage(100, 200, null, 2), total_tokens: 300 }];
    const { call } = await setup((_b, n) => ({
      output: n < 3 ? [reasoning(`r${n}`)] : [message('done')],
      usage: usages[n - 1],
    }));
    const res = await call({ input: 'x' });
    expect(res.body.usage).toEqual({
      input_tokens: 101,
      output_tokens: 202,
      total_tokens: 303,
      input_tokens_details: { cached_tokens: null },
      output_tokens_details: { reasoning_tokens: 3 },
    });
  });

  it('returns null usage when no turn reported any', async () => {
    const { call } = await setup(() => ({ output: [message('done')] }));
    expect((await call({ input: 'x' })).body.usage).toBeNull();
  });

  it('forwards each hop\'s cookies to the next and sets both sessions on its reply', async () => {
    const { call } = await setup((_b, n) =>
      n <= 2 ? { output: [functionCall('increment_counter', `{"count": ${n}}`, `c${n}`)] } : { output: [functionCall('get_counter_value', '{}', 'c3'), message('done')] },
    );
    // Seed a counter session directly, as /run would, and hand its cookie to the agent.
    const seeded = await postJson(topo.client, 'res', '/seed_session', { responses_create_params: { input: 'x' }, initial_count: 40 });
    const res = await call({ input: 'count' }, seeded.cookies);
    expect(res.status).toBe(200);
    const [, , , , , , counterOutput] = res.body.output;
    expect(counterOutput.output).toBe('{"count":43}');

    const resourcesCookie = 'CounterResources___res';
    const modelCookie = 'ScriptedModel___policy_model';
    for (const hop of topo.hopsTo('res').slice(1)) expect(hop.cookies[resourcesCookie]).toBe(decodeURIComponent(seeded.cookies[resourcesCookie]));
    const modelHops = topo.hopsTo('policy_model');
    expect(modelHops[0].cookies[modelCookie]).toBeUndefined();
    expect(modelHops[1].cookies[modelCookie]).toBeDefined();
    expect(modelHops[2].cookies[modelCookie]).toBe(modelHops[1].cookies[modelCookie]);
    expect(Object.keys(res.cookies).sort()).toEqual([resourcesCookie, modelCookie, 'model_turn', 'SimpleAgent___agent'].sort());
    expect(decodeURIComponent(res.cookies[resourcesCookie])).toBe(decodeURIComponent(seeded.cookies[resourcesCookie]));
  });

  it('sends each hop the cookies the previous hop set, on both the resources and the model side', async () => {
    const { call } = await setup((_b, n) => ({ output: n <= 2 ? [functionCall('rotate', '{}', `r${n}`)] : [message('done')] }));
    const res = await call({ input: 'x' });
    expect(res.body.output.filter((o: { type: string }) => o.type === 'function_call_output').map((o: { output: string }) => JSON.parse(o.output))).toEqual([
      { seen: null, next: '1' },
      { seen: '1', next: '2' },
    ]);
    expect(topo.hopsTo('policy_model').map((h) => h.cookies.model_turn)).toEqual([undefined, '1', '2']);
    expect(res.cookies).toMatchObject({ tool_token: '2', model_turn: '3' });
  });

  it('fails with 500 naming the inner body when the model call fails', async () => {
    const { call } = await setup(() => {
      throw new Error('upstream down');
    });
    const res = await call({ input: 'x' });
    expect(res.status).toBe(500);
    expect(res.body).toBe('Hit an exception in SimpleAgent___agent calling an inner server: "Error(\\"upstream down\\")"');
  });

  it('fails with 500 when the model returns something that is not a Response', async () => {
    const { call } = await setup(() => ({ output: [], raw: { hello: 'world' } }));
    const res = await call({ input: 'x' });
    expect(res.status).toBe(500);
    expect(res.body).toContain('Received an invalid response from model server: {\\"hello\\":\\"world\\"}');
  });

  it('rejects unknown top-level fields with a 422 naming the field', async () => {
    const { call } = await setup(() => ({ output: [message('x')] }));
    const res = await call({ input: 'x', bogus_field: 1 });
    expect(res.status).toBe(422);
    expect(res.body.detail[0]).toMatchObject({ loc: ['body', 'bogus_field'], type: 'extra_forbidden' });
  });

  it('serves the Responses API as the official openai client expects', async () => {
    const { url } = await setup(() => ({ output: [message('Paris.')], usage: usage(3, 1) }));
    const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const response = await openai.responses.create({ model: 'any', input: 'Capital of France?' });
    expect(response.output_text).toBe('Paris.');
    expect(response.usage?.total_tokens).toBe(4);
  });
});

