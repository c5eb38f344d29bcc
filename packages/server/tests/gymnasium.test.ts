/** defineGymnasiumServer: the /reset + /step protocol, per-session episode state, and extractText. */
import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { GymnasiumResetReply, GymnasiumStepReply } from '@gym/schemas';
import { buildServer, cookieSigner, defineGymnasiumServer, extractText } from '../src/index.ts';

/** Counts the model's turns; ends (terminated) on "stop", is cut off (truncated) after `limit` turns. */
const env = defineGymnasiumServer({
  className: 'CountingEnv',
  metadata: Type.Object({ limit: Type.Integer({ minimum: 1 }), greeting: Type.Optional(Type.String()) }),
  reset: (metadata) => ({ observation: metadata.greeting ?? null, info: { limit: metadata.limit }, state: { turns: 0 } }),
  step(action, metadata, state) {
    const turns = (state?.turns ?? 0) + 1;
    const text = extractText(action);
    if (text === 'stop') return { observation: null, reward: 1.0, terminated: true, truncated: false, info: { turns } };
    if (turns >= metadata.limit) return { observation: null, reward: 0.0, terminated: false, truncated: true };
    return { observation: `turn ${turns}: ${text}`, reward: 0.5, terminated: false, truncated: false, state: { turns }, info: { had_state: state !== undefined } };
  },
});

const { app } = await buildServer(env, { instanceName: 'counting_env', docs: false });
const resetReply = TypeCompiler.Compile(GymnasiumResetReply);
const stepReply = TypeCompiler.Compile(GymnasiumStepReply);

const row = { responses_create_params: { input: 'play' }, limit: 3, greeting: 'hello' };
const turn = (text: string) => ({ id: 'resp_1', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] }] });

/** A client that carries the session cookie from reply to request, as the agent does. */
function session() {
  let cookies: Record<string, string> = {};
  return async (url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, payload, cookies });
    cookies = Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
    return res;
  };
}

describe('defineGymnasiumServer', () => {
  it('resets with the row metadata and answers in the protocol shape', async () => {
    const res = await session()('/reset', row);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ observation: 'hello', info: { limit: 3 } });
    expect(resetReply.Check(res.json())).toBe(true);
  });

  it('fills in info {} when the environment gives none', async () => {
    const post = session();
    await post('/reset', { ...row, limit: 2 });
    await post('/step', { ...row, limit: 2, response: turn('a') });
    const cut = await post('/step', { ...row, limit: 2, response: turn('b') });
    expect(cut.json()).toEqual({ observation: null, reward: 0.0, terminated: false, truncated: true, info: {} });
  });

  it('keeps state per session between steps and hands it to step()', async () => {
    const post = session();
    await post('/reset', { ...row, limit: 5 });
    const first = await post('/step', { ...row, limit: 5, response: turn('a') });
    expect(first.json()).toEqual({ observation: 'turn 1: a', reward: 0.5, terminated: false, truncated: false, info: { had_state: true } });
    expect(stepReply.Check(first.json())).toBe(true);
    expect((await post('/step', { ...row, limit: 5, response: turn('b') })).json().observation).toBe('turn 2: b');
    const other = session();
    expect((await other('/step', { ...row, limit: 5, response: turn('x') })).json()).toMatchObject({ observation: 'turn 1: x', info: { had_state: false } });
  });

  it('drops the state when a step terminates or truncates', async () => {
    const post = session();
    await post('/reset', row);
    expect((await post('/step', { ...row, response: turn('stop') })).json()).toEqual({ observation: null, reward: 1.0, terminated: true, truncated: false, info: { turns: 1 } });
    expect((await post('/step', { ...row, response: turn('again') })).json().info).toEqual({ had_state: false });

    const cut = session();
    await cut('/reset', { ...row, limit: 1 });
    expect((await cut('/step', { ...row, limit: 1, response: turn('a') })).json()).toMatchObject({ truncated: true });
    expect((await cut('/step', { ...row, limit: 2, response: turn('b') })).json().info).toEqual({ had_state: false });
  });

  it('exposes the session store, keyed by the session cookie', async () => {
    const post = session();
    const reset = await post('/reset', { ...row, limit: 4 });
    const cookie = reset.cookies.find((c) => c.name === 'CountingEnv___counting_env');
    expect(cookie).toBeDefined();
    await post('/step', { ...row, limit: 4, response: turn('a') });
    // light-my-request hands the value back decoded: the signed session id.
    const sessionId = cookieSigner(cookie!.name).unsign(cookie!.value);
    expect(env.sessions.get(String(sessionId))).toEqual({ turns: 1 });
  });

  it('validates both bodies against RunRequest/VerifyRequest plus the metadata, naming the field', async () => {
    const post = session();
    const noLimit = await post('/reset', { responses_create_params: { input: 'x' } });
    expect(noLimit.statusCode).toBe(422);
    expect(noLimit.json().detail[0].loc).toEqual(['body', 'limit']);
    const badLimit = await post('/reset', { ...row, limit: 'three' });
    expect(badLimit.json().detail[0].loc).toEqual(['body', 'limit']);
    const noResponse = await post('/step', row);
    expect(noResponse.statusCode).toBe(422);
    expect(noResponse.json().detail[0].loc).toEqual(['body', 'response']);
  });

  it('has no /verify or /seed_session, and aggregates posted rewards', async () => {
    for (const url of ['/verify', '/seed_session']) expect((await app.inject({ method: 'POST', url, payload: { ...row, response: turn('x') } })).statusCode).toBe(404);
    const agg = await app.inject({ method: 'POST', url: '/aggregate_metrics', payload: { verify_responses: [{ _ng_task_index: 0, reward: 1 }, { _ng_task_index: 1, reward: 0 }] } });
    expect(agg.json().agent_metrics['mean/reward']).toBe(0.5);
  });
});

describe('setup', () => {
  it('adds routes after the protocol routes, as for every server kind', async () => {
    const closed: string[] = [];
    const closable = defineGymnasiumServer({
      className: 'ClosableEnv',
      metadata: Type.Object({}),
      reset: () => ({ observation: null, info: { supports_explicit_close: true }, state: 1 }),
      step: () => ({ observation: null, reward: 0, terminated: true, truncated: false }),
      setup(app) {
        app.post('/close', async (request) => {
          closed.push(request.sessionId);
          return {};
        });
      },
    });
    const built = await buildServer(closable, { instanceName: 'closable', docs: false });
    expect((await built.app.inject({ method: 'POST', url: '/reset', payload: { responses_create_params: { input: 'x' } } })).json().info).toEqual({ supports_explicit_close: true });
    expect((await built.app.inject({ method: 'POST', url: '/close', payload: {} })).statusCode).toBe(200);
    expect(closed).toHaveLength(1);
  });
});

describe('extractText', () => {
  it('joins string contents and output_text parts of message items only', () => {
    expect(extractText({ output: [{ type: 'message', content: 'A' }, { type: 'message', content: [{ type: 'output_text', text: 'B' }, { type: 'refusal' }] }] })).toBe('AB');
    expect(extractText({ output: [{ type: 'function_call', name: 'f', arguments: '{}' }, { type: 'reasoning', summary: [] }] })).toBe('');
  });
});
