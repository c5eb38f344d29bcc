/** Routes of example_single_tool_call, through inject(). */
import { describe, expect, it } from 'vitest';
import { buildServer } from '@gym/server';
import { server } from '../app.ts';

const { app } = await buildServer(server, { instanceName: 'example_single_tool_call', docs: false });

const row = {
  responses_create_params: {
    input: [{ role: 'user', content: 'weather in Lima?' }],
    tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: true }],
  },
};
const message = (text: string) => ({ id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] });
const call = { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Lima"}', status: 'completed' };

describe('POST /get_weather', () => {
  it('describes the city as cold', async () => {
    const res = await app.inject({ method: 'POST', url: '/get_weather', payload: { city: 'Lima' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ city: 'Lima', weather_description: 'The weather in Lima is cold.' });
  });

  it('keeps the city verbatim, including unicode and empty names', async () => {
    expect((await app.inject({ method: 'POST', url: '/get_weather', payload: { city: 'São Paulo' } })).json().weather_description).toBe(
      'The weather in São Paulo is cold.',
    );
    expect((await app.inject({ method: 'POST', url: '/get_weather', payload: { city: '' } })).json()).toEqual({ city: '', weather_description: 'The weather in  is cold.' });
  });

  it('answers 422 naming the field when city is missing or not a string', async () => {
    const missing = await app.inject({ method: 'POST', url: '/get_weather', payload: {} });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().detail[0]).toMatchObject({ loc: ['body', 'city'], type: 'missing' });
    const wrong = await app.inject({ method: 'POST', url: '/get_weather', payload: { city: 12 } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().detail[0]).toMatchObject({ loc: ['body', 'city'], type: 'string_type' });
  });

  it('answers an unknown tool with 404 {"detail":"Not Found"}', async () => {
    const res = await app.inject({ method: 'POST', url: '/get_forecast', payload: { city: 'Lima' } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ detail: 'Not Found' });
  });
});

describe('POST /verify', () => {
  it('rewards 1.0 with the request echoed and no extra fields, whether or not the tool was called', async () => {
    for (const output of [[message('Which city?')], [call, { type: 'function_call_output', call_id: 'call_1', output: '{}' }, message('Cold.')], []]) {
      const body = { ...row, response: { id: 'resp_1', output } };
      const res = await app.inject({ method: 'POST', url: '/verify', payload: body });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ...body, reward: 1.0 });
    }
  });

  it('answers 422 when the response is missing', async () => {
    const res = await app.inject({ method: 'POST', url: '/verify', payload: row });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0]).toMatchObject({ loc: ['body', 'response'], type: 'missing' });
  });
});

describe('other routes', () => {
  it('seeds a session with {} and reports stateless reverification', async () => {
    expect((await app.inject({ method: 'POST', url: '/seed_session', payload: row })).json()).toEqual({});
    expect((await app.inject({ method: 'GET', url: '/reverify_mode' })).json()).toBe('stateless');
  });
});
