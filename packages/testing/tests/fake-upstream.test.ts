// The fake upstream must speak the real OpenAI wire format: checked with the official SDK as client.
import OpenAI from 'openai';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fakeCloseMidBody,
  fakeContextLengthError,
  fakeHang,
  fakeRenderChat,
  fakeTokenizeText,
  fakeTurn,
  startFakeUpstream,
  type FakeUpstream,
} from '../src/fake-upstream.ts';

let fake: FakeUpstream;
afterEach(async () => fake?.close());

const sdk = (f: FakeUpstream, extra: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}) =>
  new OpenAI({ baseURL: f.baseUrl, apiKey: 'sk-test', maxRetries: 0, ...extra });

describe('fake upstream, as seen by the openai SDK', () => {
  it('answers chat completions from the script and records the request', async () => {
    fake = await startFakeUpstream();
    fake.enqueue('chat', fakeTurn({ content: 'hello', tool_calls: [{ name: 'get_weather', arguments: { city: 'SF' } }] }));
    const client = sdk(fake);
    const reply = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.choices[0].message.content).toBe('hello');
    expect(reply.choices[0].finish_reason).toBe('tool_calls');
    const call = reply.choices[0].message.tool_calls![0] as { function: { name: string; arguments: string } };
    expect(call.function).toEqual({ name: 'get_weather', arguments: '{"city":"SF"}' });
    expect(fake.requestsTo('chat')).toHaveLength(1);
    expect(fake.requests[0].headers.authorization).toBe('Bearer sk-test');
    expect(fake.requests[0].body.messages).toEqual([{ role: 'user', content: 'hi' }]);
    // The script is consumed: the next call gets the default reply.
    const second = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'again' }] });
    expect(second.choices[0].message.content).toBe('ok');
  });

  it('returns vLLM-style token ids: token_id:N logprobs and inline prompt/generation ids', async () => {
    fake = await startFakeUpstream();
    fake.enqueue('chat', fakeTurn({ content: 'ab', generation_token_ids: [7, 8], generation_log_probs: [-0.5, -0.25] }));
    const body = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }], logprobs: true, top_logprobs: 0, return_tokens_as_token_ids: true, return_token_ids: true };
    const reply = (await sdk(fake).chat.completions.create(body as never)) as any;
    expect(reply.choices[0].logprobs.content.map((c: { token: string }) => c.token)).toEqual(['token_id:7', 'token_id:8']);
    expect(reply.choices[0].logprobs.content.map((c: { logprob: number }) => c.logprob)).toEqual([-0.5, -0.25]);
    expect(reply.choices[0].token_ids).toEqual([7, 8]);
    expect(reply.prompt_token_ids).toEqual(fakeTokenizeText(fakeRenderChat(body.messages)));
  });

  it('tokenizes at /tokenize (outside /v1, as vLLM does) and lists models', async () => {
    fake = await startFakeUpstream({ model: 'my-model' });
    const messages = [{ role: 'user', content: 'xy' }];
    const res = await request(`${fake.origin}/tokenize`, { method: 'POST', body: JSON.stringify({ model: 'my-model', messages }) });
    expect(((await res.body.json()) as { tokens: number[] }).tokens).toEqual(fakeTokenizeText('<|user|>xy<|assistant|>'));
    const models = await sdk(fake).models.list();
    expect(models.data.map((m) => m.id)).toEqual(['my-model']);
  });

  it('serves /v1/responses in the Responses wire format', async () => {
    fake = await startFakeUpstream();
    fake.enqueue('responses', fakeTurn({ content: 'hi there', reasoning: 'think' }));
    const r = await sdk(fake).responses.create({ model: 'm', input: 'hello' });
    expect(r.output_text).toBe('hi there');
    expect(r.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    expect(r.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('injects statuses for the first N calls, then recovers (SDK retries see them)', async () => {
    fake = await startFakeUpstream();
    fake.failNext('chat', 2, 503);
    const client = sdk(fake, { maxRetries: 2 });
    const reply = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(reply.choices[0].message.content).toBe('ok');
    expect(fake.requestsTo('chat')).toHaveLength(3);
  });

  it('returns the context-length 400 the way vLLM words it', async () => {
    fake = await startFakeUpstream();
    fake.enqueue('chat', fakeContextLengthError());
    fake.enqueue('chat', fakeContextLengthError());
    const err = await sdk(fake).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    // vLLM's error body is top-level (`{object:"error", message}`), which the SDK does not unwrap: read it raw.
    const raw = await request(`${fake.baseUrl}/chat/completions`, { method: 'POST', body: JSON.stringify({ messages: [] }) });
    expect(raw.statusCode).toBe(400);
    expect(await raw.body.text()).toContain('maximum context length');
  });

  it('hangs past a client timeout and closes connections mid-body', async () => {
    fake = await startFakeUpstream();
    fake.enqueue('chat', fakeHang(), fakeCloseMidBody());
    const client = sdk(fake, { timeout: 200 });
    const hung = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(hung).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    const cut = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(cut).toBeInstanceOf(Error);
    expect(fake.requestsTo('chat')).toHaveLength(2);
  });

  it('delays a scripted reply', async () => {
    fake = await startFakeUpstream();
    fake.enqueue('chat', fakeTurn({ content: 'late' }, 150));
    const t0 = Date.now();
    const reply = await sdk(fake).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(reply.choices[0].message.content).toBe('late');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });
});

describe('fake upstream bookkeeping', () => {
  it('tracks how many requests of a route were open at once', async () => {
    fake = await startFakeUpstream();
    fake.enqueue('chat', fakeTurn({ content: 'a' }, 100), fakeTurn({ content: 'b' }, 100));
    const client = sdk(fake);
    await Promise.all([0, 1].map(() => client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })));
    expect(fake.peakConcurrency('chat')).toBe(2);
    fake.resetPeakConcurrency();
    await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(fake.peakConcurrency('chat')).toBe(1);
  });
});
