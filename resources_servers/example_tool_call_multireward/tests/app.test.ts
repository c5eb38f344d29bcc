/** The three reward components of example_tool_call_multireward, through inject(). */
import { describe, expect, it } from 'vitest';
import { buildServer } from '@gym/server';
import { server } from '../app.ts';

const { app } = await buildServer(server, { instanceName: 'example_tool_call_multireward', docs: false });

const weatherTool = {
  type: 'function',
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' }, units: { type: 'string' } }, required: ['city'] },
  strict: true,
};
const params = { input: [{ role: 'user', content: 'weather in Paris?' }], tools: [weatherTool] };
const expected_call = { name: 'get_weather', arguments: { city: 'Paris' } };
const call = (args: unknown, name = 'get_weather') => ({ type: 'function_call', call_id: 'c1', name, arguments: typeof args === 'string' ? args : JSON.stringify(args) });
const output = (args: unknown) => ({ type: 'function_call_output', call_id: 'c1', output: JSON.stringify(args) });
const message = { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Sunny.' }] };

async function verify(items: unknown[], extra: Record<string, unknown> = {}) {
  const res = await app.inject({ method: 'POST', url: '/verify', payload: { responses_create_params: params, expected_call, response: { id: 'r', output: items }, ...extra } });
  expect(res.statusCode).toBe(200);
  return res.json();
}
const components = (b: Record<string, any>) => [b.correctness, b.schema_valid, b.format, b.reward];

describe('POST /get_weather', () => {
  it('describes the city as sunny', async () => {
    const res = await app.inject({ method: 'POST', url: '/get_weather', payload: { city: 'Paris' } });
    expect(res.json()).toEqual({ city: 'Paris', weather_description: 'The weather in Paris is sunny.' });
  });

  it('answers 422 naming the field when city is missing', async () => {
    const res = await app.inject({ method: 'POST', url: '/get_weather', payload: { town: 'Paris' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].loc).toEqual(['body', 'city']);
  });
});

describe('verify', () => {
  it('gives 3.0 for exactly one correct call and no message, with components at the top level and in reward_components', async () => {
    const items = [call({ city: 'Paris' }), output({ city: 'Paris' })];
    const body = await verify(items);
    expect(body).toEqual({
      responses_create_params: params,
      expected_call,
      response: { id: 'r', output: items },
      reward: 3.0,
      reward_components: { correctness: 1.0, schema_valid: 1.0, format: 1.0 },
      correctness: 1.0,
      schema_valid: 1.0,
      format: 1.0,
      predicted_calls: [{ name: 'get_weather', arguments: { city: 'Paris' } }],
    });
  });

  it('zeroes format when the model also writes a message (any message item) or calls twice', async () => {
    expect(components(await verify([call({ city: 'Paris' }), message]))).toEqual([1, 1, 0, 2]);
    expect(components(await verify([{ type: 'message', role: 'user', content: 'x' }, call({ city: 'Paris' })]))).toEqual([1, 1, 0, 2]);
    expect(components(await verify([call({ city: 'Paris' }), call({ city: 'Lyon' })]))).toEqual([1, 1, 0, 2]);
  });

  it('checks schema validity on the first call only', async () => {
    expect(components(await verify([call({ units: 'C' }), call({ city: 'Paris' })]))).toEqual([1, 0, 0, 1]);
    expect(components(await verify([call({ city: 'Paris' }), call('not json')]))).toEqual([1, 1, 0, 2]);
  });

  it('treats unparseable or non-object arguments as invalid and as {}', async () => {
    for (const args of ['{"city": "Par', '["Paris"]', '"Paris"', '']) {
      const body = await verify([call(args)]);
      expect(components(body)).toEqual([0, 0, 1, 1]);
      expect(body.predicted_calls).toEqual([{ name: 'get_weather', arguments: {} }]);
    }
  });

  it('needs no required keys for a tool missing from the request, or one without parameters', async () => {
    expect(components(await verify([call({}, 'get_time')]))).toEqual([0, 1, 1, 2]);
    const bare = { ...params, tools: [{ type: 'function', name: 'get_weather' }] };
    expect(components(await verify([call({})], { responses_create_params: bare }))).toEqual([0, 1, 1, 2]);
  });

  it('matches correctness with Python equality, allowing extra arguments', async () => {
    expect(components(await verify([call({ city: 'Paris', units: 'C' })]))).toEqual([1, 1, 1, 3]);
    expect(components(await verify([call({ city: 'paris' })]))).toEqual([0, 1, 1, 2]);
    const numeric = { name: 'get_weather', arguments: { city: 'Paris', days: 3 } };
    expect(components(await verify([call({ city: 'Paris', days: 3.0 })], { expected_call: numeric })).at(0)).toBe(1);
    expect(components(await verify([call({ city: 'Paris', days: '3' })], { expected_call: numeric })).at(0)).toBe(0);
    const flag = { name: 'get_weather', arguments: { city: 'Paris', metric: 1 } };
    expect(components(await verify([call({ city: 'Paris', metric: true })], { expected_call: flag })).at(0)).toBe(1);
  });

  it('lets any call match, reads a missing argument as null, and never matches an empty expectation', async () => {
    expect(components(await verify([call({ city: 'Lyon' }), call({ city: 'Paris' })])).at(0)).toBe(1);
    const nullable = { name: 'get_weather', arguments: { city: 'Paris', units: null } };
    expect(components(await verify([call({ city: 'Paris' })], { expected_call: nullable })).at(0)).toBe(1);
    expect(components(await verify([call({ city: 'Paris' })], { expected_call: {} }))).toEqual([0, 1, 1, 2]);
    expect(components(await verify([call({ city: 'Paris' })], { expected_call: { name: 'get_weather' } })).at(0)).toBe(1);
    expect(components(await verify([call({ city: 'Paris' }, 'get_forecast')])).at(0)).toBe(0);
  });

  it('fails with 500 where the reference fails: null tool parameters, non-object expected arguments', async () => {
    const nullParams = { ...params, tools: [{ ...weatherTool, parameters: null }] };
    const a = await app.inject({ method: 'POST', url: '/verify', payload: { responses_create_params: nullParams, expected_call, response: { id: 'r', output: [call({ city: 'Paris' })] } } });
    expect(a.statusCode).toBe(500);
    const b = await app.inject({ method: 'POST', url: '/verify', payload: { responses_create_params: params, expected_call: { name: 'get_weather', arguments: ['Paris'] }, response: { id: 'r', output: [call({ city: 'Paris' })] } } });
    expect(b.statusCode).toBe(500);
  });

  it('gives 0.0 with no calls at all', async () => {
    const body = await verify([message]);
    expect(components(body)).toEqual([0, 0, 0, 0]);
    expect(body.predicted_calls).toEqual([]);
  });

  it('echoes a missing expected_call as {}', async () => {
    const res = await app.inject({ method: 'POST', url: '/verify', payload: { responses_create_params: params, response: { id: 'r', output: [call({ city: 'Paris' })] } } });
    expect(res.json()).toMatchObject({ expected_call: {}, correctness: 0.0, reward: 2.0 });
  });
});
