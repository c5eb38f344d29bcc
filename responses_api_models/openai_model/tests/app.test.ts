// openai_model against a real fake upstream, through inject() and through the openai SDK.
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { buildServer, type GymApp } from '@gym/server';
import { fakeError, fakeHang, fakeJson, fakeTurn, fakeUpstreamForSuite, serverPerTest } from '@gym/testing';
import { server } from '../app.ts';

const fake = fakeUpstreamForSuite();
const model = serverPerTest(server, 'policy_model', () => ({
  entrypoint: 'app.ts',
  openai_base_url: fake().baseUrl,
  openai_api_key: 'sk-live-secret',
  openai_model: 'gpt-test',
  retry_base_delay_ms: 1,
  retry_max_delay_ms: 5,
}));

const post = (app: GymApp, url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });

describe('/v1/responses', () => {
  it('forwards the body with the configured model, extra_body under the caller, auth and default headers', async () => {
    const app = await model({ extra_body: { temperature: 0.1, service_tier: 'flex' }, openai_default_headers: { 'x-org-team': 'rl' }, openai_organization: 'org-1' });
    fake().enqueue('responses', fakeTurn({ content: 'hello back' }));
    const res = await post(app, '/v1/responses', { input: 'hello', model: 'caller-choice', temperature: 0.9 });
    expect(res.statusCode).toBe(200);
    expect(res.json().output[0].content[0].text).toBe('hello back');
    const sent = fake().requestsTo('responses')[0];
    expect(sent.body).toEqual({ service_tier: 'flex', input: 'hello', model: 'gpt-test', temperature: 0.9 });
    expect(sent.headers.authorization).toBe('Bearer sk-live-secret');
    expect(sent.headers['x-org-team']).toBe('rl');
    expect(sent.headers['openai-organization']).toBe('org-1');
    expect(String(res.headers['set-cookie'])).toMatch(/^SimpleModelServer___policy_model=/);
  });

  it('drops reasoning input items only when configured', async () => {
    const input = [
      { role: 'user', content: 'q' },
      { type: 'reasoning', id: 'rs_1', summary: [] },
      { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c', output: 'o' },
    ];
    const dropping = await model({ drop_input_reasoning_items: true });
    await post(dropping, '/v1/responses', { input });
    expect(fake().requestsTo('responses')[0].body.input.map((i: { type?: string }) => i.type ?? 'message')).toEqual(['message', 'function_call', 'function_call_output']);
    const keeping = await model();
    await post(keeping, '/v1/responses', { input });
    expect(fake().requestsTo('responses')[1].body.input).toHaveLength(4);
  });

  it('turns upstream failures into 500s that name the URL but not the key, after bounded retries', async () => {
    const app = await model({ max_retries: 2 });
    fake().failNext('responses', 3, 429);
    const res = await post(app, '/v1/responses', { input: 'x' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toContain(`${fake().baseUrl}/responses`);
    expect(res.json()).toContain('HTTP 429');
    expect(res.body).not.toContain('sk-live-secret');
    expect(fake().requestsTo('responses')).toHaveLength(3);

    fake().enqueue('responses', fakeError(401, { error: { message: 'Incorrect API key provided: sk-live-secret' } }));
    const denied = await post(app, '/v1/responses', { input: 'x' });
    expect(denied.statusCode).toBe(500);
    expect(denied.body).not.toContain('sk-live-secret');
    expect(denied.json()).toContain('HTTP 401');
  });

  it('times out a hanging upstream and rejects a non-Responses reply', async () => {
    const app = await model({ request_timeout_ms: 100 });
    fake().enqueue('responses', fakeHang());
    const hung = await post(app, '/v1/responses', { input: 'x' });
    expect(hung.statusCode).toBe(500);
    expect(hung.json()).toContain('did not answer within 100 ms');
    fake().enqueue('responses', fakeJson({ not: 'a response' }));
    const odd = await post(app, '/v1/responses', { input: 'x' });
    expect(odd.statusCode).toBe(500);
    expect(odd.json()).toContain('`output`');
  });

  it('rejects unknown top-level fields and streaming', async () => {
    const app = await model();
    expect((await post(app, '/v1/responses', { input: 'x', nope: 1 })).statusCode).toBe(422);
    expect((await post(app, '/v1/responses', { input: 'x', stream: true })).statusCode).toBe(400);
    expect(fake().requestsTo('responses')).toHaveLength(0);
  });

  it('keeps at most max_concurrent_requests upstream calls in flight', async () => {
    const peakWith = async (limit: number | null) => {
      const app = await model({ max_concurrent_requests: limit });
      for (let i = 0; i < 3; i++) fake().enqueue('responses', fakeTurn({ content: `r${i}` }, 200));
      fake().resetPeakConcurrency();
      const replies = await Promise.all([0, 1, 2].map(() => post(app, '/v1/responses', { input: 'x' })));
      expect(replies.map((r) => r.statusCode)).toEqual([200, 200, 200]);
      return fake().peakConcurrency('responses');
    };
    expect(await peakWith(1)).toBe(1);
    expect(await peakWith(2)).toBe(2);
    expect(await peakWith(null)).toBe(3);
  });
});

describe('/v1/chat/completions', () => {
  it('forwards with the configured model and extra_body under the caller, dropping unknown keys', async () => {
    const app = await model({ extra_body: { top_p: 0.5, temperature: 0 } });
    fake().enqueue('chat', fakeTurn({ content: 'chat reply' }));
    const res = await post(app, '/v1/chat/completions', { model: 'x', messages: [{ role: 'user', content: 'hi' }], temperature: 1, not_a_chat_param: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().choices[0].message.content).toBe('chat reply');
    expect(fake().requestsTo('chat')[0].body).toEqual({ top_p: 0.5, temperature: 1, model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] });
  });
});

describe('openai SDK as client', () => {
  it('parses every answer of a listening openai_model server', async () => {
    const app = await model();
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'x', maxRetries: 0 });
    fake().enqueue('responses', fakeTurn({ reasoning: 'r', content: 'sdk ok', tool_calls: [{ name: 'f', arguments: { a: 1 } }] }));
    const r = await client.responses.create({ model: 'm', input: 'hi' });
    expect(r.output_text).toBe('sdk ok');
    expect(r.output.map((o) => o.type)).toEqual(['reasoning', 'message', 'function_call']);
    fake().enqueue('chat', fakeTurn({ content: 'chat ok' }));
    const c = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(c.choices[0].message.content).toBe('chat ok');
  });

  it('refuses a config without the required keys, naming them', async () => {
    await expect(buildServer(server, { instanceName: 'policy_model', config: { openai_api_key: 'k', openai_model: 'm' }, docs: false })).rejects.toThrow(/openai_base_url/);
  });
});
