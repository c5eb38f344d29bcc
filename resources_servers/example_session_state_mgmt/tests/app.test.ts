/** The per-session counter of example_session_state_mgmt, through inject() with the session cookie. */
import { describe, expect, it } from 'vitest';
import { buildServer } from '@gym/server';
import { createCounterServer } from '../app.ts';

const { app } = await buildServer(createCounterServer(), { instanceName: 'counter', docs: false });

type Cookies = Record<string, string>;
const params = { input: [{ role: 'user', content: 'add 1' }] };

/** One session: every call sends the cookie the previous reply set, as the agent does. */
function session() {
  let cookies: Cookies = {};
  return async (url: string, payload: unknown) => {
    const res = await app.inject({ method: 'POST', url, payload: payload as object, cookies });
    cookies = Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
    return res;
  };
}
const verifyBody = (expected_count: unknown) => ({ responses_create_params: params, expected_count, response: { id: 'resp_1', output: [] } });

describe('counter tools', () => {
  it('starts from initial_count, adds increments and reads the total', async () => {
    const post = session();
    expect((await post('/seed_session', { responses_create_params: params, initial_count: 15 })).json()).toEqual({});
    expect((await post('/increment_counter', { count: 13 })).json()).toEqual({ success: true });
    expect((await post('/increment_counter', { count: -1 })).json()).toEqual({ success: true });
    expect((await post('/get_counter_value', {})).json()).toEqual({ count: 27 });
  });

  it('keeps the first value when a session is seeded twice', async () => {
    const post = session();
    await post('/seed_session', { responses_create_params: params, initial_count: 3 });
    await post('/seed_session', { responses_create_params: params, initial_count: 100 });
    expect((await post('/get_counter_value', {})).json()).toEqual({ count: 3 });
  });

  it('starts an unseeded counter at 0', async () => {
    const inc = session();
    await inc('/increment_counter', { count: 4 });
    expect((await inc('/get_counter_value', {})).json()).toEqual({ count: 4 });
    expect((await session()('/get_counter_value', {})).json()).toEqual({ count: 0 });
  });

  it('ignores whatever body get_counter_value receives', async () => {
    expect((await session()('/get_counter_value', { unexpected: true })).json()).toEqual({ count: 0 });
  });

  it('keeps sessions apart', async () => {
    const a = session();
    const b = session();
    await a('/seed_session', { responses_create_params: params, initial_count: 1 });
    await b('/seed_session', { responses_create_params: params, initial_count: 50 });
    await a('/increment_counter', { count: 1 });
    expect((await a('/get_counter_value', {})).json()).toEqual({ count: 2 });
    expect((await b('/get_counter_value', {})).json()).toEqual({ count: 50 });
  });

  it('answers 422 naming the field for a missing or non-integer count and initial_count', async () => {
    const post = session();
    for (const payload of [{}, { count: '3' }, { count: 1.5 }]) {
      const res = await post('/increment_counter', payload);
      expect(res.statusCode).toBe(422);
      expect(res.json().detail[0].loc).toEqual(['body', 'count']);
    }
    for (const payload of [{ responses_create_params: params }, { responses_create_params: params, initial_count: '3' }]) {
      const res = await post('/seed_session', payload);
      expect(res.statusCode).toBe(422);
      expect(res.json().detail[0].loc).toEqual(['body', 'initial_count']);
    }
  });
});

describe('verify', () => {
  it('rewards 1.0 when the session counter equals expected_count, echoing the request', async () => {
    const post = session();
    await post('/seed_session', { responses_create_params: params, initial_count: 15 });
    await post('/increment_counter', { count: 27 });
    const res = await post('/verify', verifyBody(42));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ...verifyBody(42), reward: 1.0 });
  });

  it('rewards 0.0 when the counter differs', async () => {
    const post = session();
    await post('/seed_session', { responses_create_params: params, initial_count: 15 });
    expect((await post('/verify', verifyBody(16))).json().reward).toBe(0.0);
  });

  it('rewards 0.0 when the session has no counter at all (no cookie, or never seeded)', async () => {
    expect((await session()('/verify', verifyBody(0))).json().reward).toBe(0.0);
    const post = session();
    await post('/seed_session', { responses_create_params: params, initial_count: 0 });
    expect((await post('/verify', verifyBody(0))).json().reward).toBe(1.0);
    expect((await app.inject({ method: 'POST', url: '/verify', payload: verifyBody(0) })).json().reward).toBe(0.0);
  });

  it('answers 422 when expected_count is missing or not an integer', async () => {
    for (const expected of [undefined, '42']) {
      const res = await session()('/verify', verifyBody(expected));
      expect(res.statusCode).toBe(422);
      expect(res.json().detail[0].loc).toEqual(['body', 'expected_count']);
    }
  });

  it('reports that stored rollouts cannot be re-verified without their session', async () => {
    expect((await app.inject({ method: 'GET', url: '/reverify_mode' })).json()).toBe('unsupported');
  });
});
