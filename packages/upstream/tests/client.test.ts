// UpstreamClient against a real fake upstream: retries, budgets, deadlines and what errors reveal.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeCloseMidBody, fakeError, fakeHang, fakeJson, startFakeUpstream, type FakeUpstream } from '@gym/testing';
import { ConcurrencyLimiter, UpstreamClient, UpstreamError, UpstreamHttpError, backoffMs, DEFAULT_UPSTREAM_POLICY, knownChatParams } from '../src/index.ts';

let fake: FakeUpstream;
afterEach(async () => fake?.close());

const fast = { retryBaseDelayMs: 1, retryMaxDelayMs: 5 };
const chat = { messages: [{ role: 'user', content: 'hi' }] };

describe('UpstreamClient', () => {
  it('sends Bearer auth and default headers, and returns the parsed body', async () => {
    fake = await startFakeUpstream();
    const client = new UpstreamClient({ baseUrl: `${fake.baseUrl}/`, apiKey: 'sk-secret', defaultHeaders: { 'x-team': 'rl' }, policy: fast });
    const reply = await client.postJson<{ choices: Array<{ message: { content: string } }> }>('/chat/completions', chat);
    expect(reply.choices[0].message.content).toBe('ok');
    expect(fake.requests[0].headers.authorization).toBe('Bearer sk-secret');
    expect(fake.requests[0].headers['x-team']).toBe('rl');
    expect(fake.requests[0].path).toBe('/v1/chat/completions');
    expect(client.rootUrl('/tokenize')).toBe(`${fake.origin}/tokenize`);
  });

  it.each([429, 502, 503, 504, 520])('retries HTTP %i and then succeeds', async (status) => {
    fake = await startFakeUpstream();
    fake.failNext('chat', 3, status);
    const client = new UpstreamClient({ baseUrl: fake.baseUrl, policy: fast });
    await client.postJson('/chat/completions', chat);
    expect(fake.requestsTo('chat')).toHaveLength(4);
  });

  it('gives up after max_retries transient failures, naming the URL and status', async () => {
    fake = await startFakeUpstream();
    fake.failNext('chat', 10, 503);
    const client = new UpstreamClient({ baseUrl: fake.baseUrl, apiKey: 'sk-secret', policy: { ...fast, maxRetries: 2 } });
    const err = await client.postJson('/chat/completions', chat).catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamHttpError);
    expect(err.status).toBe(503);
    expect(err.message).toContain(`${fake.baseUrl}/chat/completions`);
    expect(err.message).toContain('after 3 attempts');
    expect(err.message).not.toContain('sk-secret');
    expect(fake.requestsTo('chat')).toHaveLength(3);
  });

  it('gives a 500 three tries in total by default, separately from the transient budget', async () => {
    fake = await startFakeUpstream();
    fake.failNext('chat', 3, 500);
    const client = new UpstreamClient({ baseUrl: fake.baseUrl, policy: fast });
    const err = await client.postJson('/chat/completions', chat).catch((e) => e);
    expect(err.status).toBe(500);
    expect(fake.requestsTo('chat')).toHaveLength(3);

    fake.requests.length = 0;
    fake.enqueue('chat', fakeError(503), fakeError(500), fakeError(429), fakeError(500));
    await client.postJson('/chat/completions', chat);
    expect(fake.requestsTo('chat')).toHaveLength(5);
  });

  it('does not retry other 4xx statuses and keeps the upstream body', async () => {
    fake = await startFakeUpstream();
    fake.enqueue('chat', fakeError(400, { object: 'error', message: 'bad field temperature' }));
    const client = new UpstreamClient({ baseUrl: fake.baseUrl, policy: fast });
    const err = await client.postJson('/chat/completions', chat).catch((e) => e);
    expect(err.status).toBe(400);
    expect(err.body).toContain('bad field temperature');
    expect(fake.requestsTo('chat')).toHaveLength(1);
  });

  it('retries a connection closed mid-body', async () => {
    fake = await startFakeUpstream();
    fake.enqueue('chat', fakeCloseMidBody());
    const client = new UpstreamClient({ baseUrl: fake.baseUrl, policy: fast });
    const reply = await client.postJson<{ choices: unknown[] }>('/chat/completions', chat);
    expect(reply.choices).toHaveLength(1);
    expect(fake.requestsTo('chat')).toHaveLength(2);
  });

  it('reports an unreachable endpoint after bounded retries, naming the URL', async () => {
    const port = await closedPort();
    const client = new UpstreamClient({ baseUrl: `http://127.0.0.1:${port}/v1`, policy: { ...fast, maxRetries: 2 } });
    const err = await client.postJson('/chat/completions', chat).catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.code).toBe('GYM_UPSTREAM_UNREACHABLE');
    expect(err.attempts).toBe(3);
    expect(err.message).toContain(`http://127.0.0.1:${port}/v1/chat/completions`);
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('stops an attempt at request_timeout_ms and does not retry it', async () => {
    fake = await startFakeUpstream();
    fake.enqueue('chat', fakeHang());
    const client = new UpstreamClient({ baseUrl: fake.baseUrl, apiKey: 'sk-secret', policy: { ...fast, requestTimeoutMs: 150 } });
    const t0 = Date.now();
    const err = await client.postJson('/chat/completions', chat).catch((e) => e);
    expect(err.code).toBe('GYM_UPSTREAM_TIMEOUT');
    expect(err.message).toContain(`${fake.baseUrl}/chat/completions`);
    expect(err.message).toContain('150 ms');
    expect(err.message).not.toContain('sk-secret');
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(fake.requestsTo('chat')).toHaveLength(1);
  });

  it('honours Retry-After (capped by retry_max_delay_ms) and masks URL credentials', async () => {
    fake = await startFakeUpstream();
    fake.enqueue('chat', fakeError(429, undefined, { 'retry-after': '0.2' }), fakeJson({ ok: true }));
    const client = new UpstreamClient({ baseUrl: fake.baseUrl, policy: { retryBaseDelayMs: 1, retryMaxDelayMs: 1_000 } });
    const t0 = Date.now();
    expect(await client.postJson('/chat/completions', chat)).toEqual({ ok: true });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(180);

    fake.failNext('chat', 1, 404);
    const withCreds = new UpstreamClient({ baseUrl: fake.baseUrl.replace('http://', 'http://user:pw@'), policy: fast });
    const err = await withCreds.postJson('/chat/completions', chat).catch((e) => e);
    expect(err.message).toContain('http://****@127.0.0.1');
    expect(err.message).not.toContain('pw');
  });
});

describe('backoff and limiter', () => {
  it('grows exponentially with jitter and stays under the cap', () => {
    const p = { ...DEFAULT_UPSTREAM_POLICY, retryBaseDelayMs: 100, retryMaxDelayMs: 1_000 };
    for (let i = 0; i < 50; i++) {
      const d1 = backoffMs(1, p);
      const d3 = backoffMs(3, p);
      expect(d1).toBeGreaterThanOrEqual(50);
      expect(d1).toBeLessThanOrEqual(100);
      expect(d3).toBeGreaterThanOrEqual(200);
      expect(d3).toBeLessThanOrEqual(400);
      expect(backoffMs(10, p)).toBeLessThanOrEqual(1_000);
    }
  });

  it('never runs more than max tasks at once', async () => {
    const limiter = new ConcurrencyLimiter(2);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 10));
      running--;
    };
    await Promise.all(Array.from({ length: 7 }, () => limiter.run(task)));
    expect(peak).toBe(2);
    expect(limiter.inFlight).toBe(0);
    expect(() => new ConcurrencyLimiter(0)).toThrow(/max_concurrent_requests/);
  });
});

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('knownChatParams', () => {
  it('keeps the chat API fields and drops the rest', () => {
    expect(knownChatParams({ messages: [], model: 'm', temperature: 1, metadata: { a: 'b' }, top_k: 3, chat_template_kwargs: {} })).toEqual({
      messages: [],
      model: 'm',
      temperature: 1,
      metadata: { a: 'b' },
    });
  });
});
