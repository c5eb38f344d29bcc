import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { buildServer, defineResourcesServer, JudgeError, SessionStore, tool } from '../src/index.ts';

const counts = new SessionStore<number>();
const server = defineResourcesServer({
  className: 'TestResourcesServer',
  tools: {
    echo: tool(Type.Object({ text: Type.String() }), async (args) => ({ echoed: args.text })),
    increment: tool(Type.Object({ by: Type.Integer() }), async (args, ctx) => {
      const next = (counts.get(ctx.sessionId) ?? 0) + args.by;
      counts.set(ctx.sessionId, next);
      return { count: next };
    }),
    crash: tool(Type.Object({}), async () => {
      throw new Error('tool broke');
    }),
  },
  async verify(body) {
    const text = JSON.stringify(body.response.output);
    if (text.includes('judge')) throw new JudgeError('judge endpoint unreachable');
    if (text.includes('boom')) throw new Error('verifier bug');
    return { reward: text.includes('yes') ? 1.0 : 0.0, checked: true };
  },
});

const verifyBody = (text: string) => ({
  responses_create_params: { input: 'q' },
  expected: 'yes',
  response: { id: 'resp_1', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] }] },
});

describe('resources server base', async () => {
  const { app } = await buildServer(server, { instanceName: 'test_resources', docs: false });

  it('answers the health route with {"status":"ok"} and sets the session cookie', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.json()).toEqual({ status: 'ok' });
    expect(String(res.headers['set-cookie'])).toContain('TestResourcesServer___test_resources=');
  });

  it('keeps the session id when the cookie is echoed back', async () => {
    const first = await app.inject({ method: 'POST', url: '/increment', payload: { by: 2 } });
    const cookie = first.cookies[0];
    const second = await app.inject({ method: 'POST', url: '/increment', payload: { by: 3 }, cookies: { [cookie.name]: cookie.value } });
    expect(second.json()).toEqual({ count: 5 });
    const fresh = await app.inject({ method: 'POST', url: '/increment', payload: { by: 1 } });
    expect(fresh.json()).toEqual({ count: 1 });
  });

  it('echoes the verify request with the reward and extra fields', async () => {
    const res = await app.inject({ method: 'POST', url: '/verify', payload: verifyBody('yes') });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.reward).toBe(1);
    expect(body.checked).toBe(true);
    expect(body.expected).toBe('yes');
    expect(body.responses_create_params).toEqual({ input: 'q' });
  });

  it('routes /ng-rollout/<id>/verify to /verify', async () => {
    const res = await app.inject({ method: 'POST', url: '/ng-rollout/abc/verify', payload: verifyBody('no') });
    expect(res.statusCode).toBe(200);
    expect(res.json().reward).toBe(0);
  });

  it('answers a judge failure with 200, reward 0 and the failure class', async () => {
    const res = await app.inject({ method: 'POST', url: '/verify', payload: verifyBody('judge') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ reward: 0, _ng_failure_class: 'judge_failed', _ng_failure_judge_error: 'judge endpoint unreachable' });
  });

  it('answers an unhandled error with 500 and a JSON string body', async () => {
    const res = await app.inject({ method: 'POST', url: '/verify', payload: verifyBody('boom') });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toBe('Error("verifier bug")');
  });

  it('rejects a bad body with a FastAPI-style 422 naming the field', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', payload: { text: 5 } });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0]).toMatchObject({ loc: ['body', 'text'], type: 'string_type' });
    const missing = await app.inject({ method: 'POST', url: '/verify', payload: { response: { id: 'r', output: [] } } });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().detail[0]).toMatchObject({ loc: ['body', 'responses_create_params'], type: 'missing', msg: 'Field required' });
  });

  it('does not coerce types ("14" stays a string)', async () => {
    const res = await app.inject({ method: 'POST', url: '/increment', payload: { by: '14' } });
    expect(res.statusCode).toBe(422);
  });

  it('rejects malformed JSON with 422 json_invalid', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', payload: '{"text":', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].type).toBe('json_invalid');
  });

  it('answers unknown routes with {"detail":"Not Found"}', async () => {
    const res = await app.inject({ method: 'POST', url: '/no_such_tool', payload: {} });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ detail: 'Not Found' });
  });

  it('passes tool crashes as 500 repr strings', async () => {
    const res = await app.inject({ method: 'POST', url: '/crash', payload: {} });
    expect(res.statusCode).toBe(500);
    expect(res.body).toBe('"Error(\\"tool broke\\")"');
  });

  it('serves seed_session, aggregate_metrics and reverify_mode defaults', async () => {
    expect((await app.inject({ method: 'POST', url: '/seed_session', payload: { responses_create_params: { input: 'x' } } })).json()).toEqual({});
    const agg = await app.inject({ method: 'POST', url: '/aggregate_metrics', payload: { verify_responses: [{ _ng_task_index: 0, reward: 1 }] } });
    expect(agg.json().agent_metrics['mean/reward']).toBe(1);
    expect((await app.inject({ method: 'GET', url: '/reverify_mode' })).json()).toBe('unknown');
  });
});

describe('limits and auth', async () => {
  const { app } = await buildServer(server, { instanceName: 'guarded', docs: false, globalConfig: { auth_token: 'tok-123', body_limit_bytes: 1024 } });

  it('requires the bearer token on every route but the health route', async () => {
    expect((await app.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
    const denied = await app.inject({ method: 'POST', url: '/echo', payload: { text: 'a' } });
    expect(denied.statusCode).toBe(401);
    const ok = await app.inject({ method: 'POST', url: '/echo', payload: { text: 'a' }, headers: { authorization: 'Bearer tok-123' } });
    expect(ok.statusCode).toBe(200);
  });

  it('answers an oversized body with 413 and a message naming the limit', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', payload: { text: 'x'.repeat(5000) }, headers: { authorization: 'Bearer tok-123' } });
    expect(res.statusCode).toBe(413);
    expect(res.json().detail).toContain('1024 bytes');
  });
});
