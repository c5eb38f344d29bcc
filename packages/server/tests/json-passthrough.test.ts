/**
 * Forwarding JSON text between hops without serializing it again: the
 * request's own text, a reply sent as given, and `{...row, response}` built
 * from texts, which must mean exactly what the object spread meant.
 */
import { describe, expect, it } from 'vitest';
import { buildServer, defineModelServer, requestJsonText, sendJsonText, withJsonMember } from '../src/index.ts';

describe('withJsonMember', () => {
  const row = { responses_create_params: { input: 'hi' }, expected: 1.5 };
  const response = { id: 'resp_1', output: [] };

  it('appends the member to the text as it came', () => {
    const text = ' {"responses_create_params": {"input": "hi"}, "expected": 1.5}\n';
    const out = withJsonMember(row, text, 'response', JSON.stringify(response));
    expect(out).toBe('{"responses_create_params": {"input": "hi"}, "expected": 1.5,"response":{"id":"resp_1","output":[]}}');
    expect(JSON.parse(out)).toEqual({ ...row, response });
  });

  it('serializes when there is no text, and overrides an existing key as a spread does', () => {
    expect(JSON.parse(withJsonMember(row, undefined, 'response', '{"id":"r"}'))).toEqual({ ...row, response: { id: 'r' } });
    const withOld = { ...row, response: { id: 'old' } };
    const out = withJsonMember(withOld, JSON.stringify(withOld), 'response', '{"id":"new"}');
    expect(out.match(/"response"/g)).toHaveLength(1);
    expect(JSON.parse(out)).toEqual({ ...row, response: { id: 'new' } });
    expect(withJsonMember({}, '{ }', 'response', '1')).toBe('{"response":1}');
  });
});

describe('requestJsonText and sendJsonText', () => {
  it('give a handler the body text it was validated from and send a text reply untouched', async () => {
    let seen: string | undefined;
    const { app } = await buildServer(
      defineModelServer({
        className: 'Passthrough',
        responses(_body, ctx) {
          seen = requestJsonText(ctx.request);
          return sendJsonText(ctx.reply, '{"id":"resp_1","output":[],"temperature":1.0}');
        },
      }),
      { docs: false },
    );
    const payload = '{"input": "hello",  "temperature": 1.0}';
    const res = await app.inject({ method: 'POST', url: '/v1/responses', payload, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(seen).toBe(payload);
    expect(res.body).toBe('{"id":"resp_1","output":[],"temperature":1.0}');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    // The session cookie is still set on a text reply.
    expect(String(res.headers['set-cookie'])).toMatch(/^Passthrough___Passthrough=/);
    await app.close();
  });
});
