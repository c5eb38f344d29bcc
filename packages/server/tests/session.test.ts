// The session cookie: the Set-Cookie line is byte-for-byte what @fastify/cookie writes, a valid cookie keeps its session and is re-sent as it came, a tampered one starts a new session.
import { describe, expect, it } from 'vitest';
import { buildServer, defineModelServer } from '../src/index.ts';

async function app(className = 'Sess', instanceName = 'sess') {
  const { app } = await buildServer(
    defineModelServer({ className, responses: (_body, ctx) => ({ id: ctx.sessionId, output: [] }) as never }),
    { instanceName, docs: false },
  );
  return app;
}

const call = (a: Awaited<ReturnType<typeof app>>, cookie?: string) =>
  a.inject({ method: 'POST', url: '/v1/responses', payload: { input: 'x' }, headers: cookie ? { cookie } : {} });

describe('session cookie', () => {
  it('writes the line @fastify/cookie would write, for a new session', async () => {
    const a = await app();
    const res = await call(a);
    const sessionId = res.json().id as string;
    expect(res.headers['set-cookie']).toBe(a.serializeCookie('Sess___sess', a.signCookie(sessionId), { path: '/', httpOnly: true, sameSite: 'lax' }));
    await a.close();
  });

  it('keeps a validly signed session and re-sends the same signed value; a tampered cookie gets a new session', async () => {
    const a = await app();
    const first = await call(a);
    const line = String(first.headers['set-cookie']);
    const cookie = line.split(';')[0];
    for (let i = 0; i < 2; i++) {
      const again = await call(a, cookie);
      expect(again.json().id).toBe(first.json().id);
      expect(again.headers['set-cookie']).toBe(line);
    }
    const tampered = await call(a, cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    expect(tampered.json().id).not.toBe(first.json().id);
    await a.close();
  });
});
