// The session cookie: the Set-Cookie line is byte-for-byte what @fastify/cookie writes (cookie-signature's HMAC format), a valid cookie keeps its session and is re-sent as it came, a tampered one starts a new session.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildServer, cookieSigner, defineModelServer } from '../src/index.ts';

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
    // The secret defaults to the cookie name; the signature is unpadded base64 of HMAC-SHA256.
    const signature = createHmac('sha256', 'Sess___sess').update(sessionId).digest('base64').replace(/=+$/, '');
    expect(res.headers['set-cookie']).toBe(`Sess___sess=${sessionId}.${signature}; Path=/; HttpOnly; SameSite=Lax`);
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

  it('sends the session cookie after the cookies a handler forwards or sets, each once', async () => {
    const { app: a } = await buildServer(
      defineModelServer({
        className: 'Sess',
        responses: (_body, ctx) => {
          ctx.forwardCookies({ upstream: 'u1', other: 'o1' });
          ctx.reply.setCookie('own', 'v', { path: '/' });
          return { id: ctx.sessionId, output: [] } as never;
        },
      }),
      { instanceName: 'sess', docs: false },
    );
    const lines = (await call(a)).headers['set-cookie'] as string[];
    expect(lines.map((l) => l.split('=')[0])).toEqual(['Sess___sess', 'upstream', 'other', 'own']);
    await a.close();
  });

  it('reads the request cookies, and verifies signatures like cookie-signature does', async () => {
    const signer = cookieSigner('k');
    const signed = signer.sign('abc');
    expect(signed).toBe(`abc.${createHmac('sha256', 'k').update('abc').digest('base64').replace(/=+$/, '')}`);
    expect(signer.unsign(signed)).toBe('abc');
    expect(signer.unsign(`${signed}x`)).toBeUndefined();
    expect(signer.unsign(signed.replace('abc', 'abd'))).toBeUndefined();
    expect(signer.unsign('nodot')).toBeUndefined();

    const { app: a } = await buildServer(
      defineModelServer({ className: 'Sess', responses: (_body, ctx) => ({ id: JSON.stringify(ctx.cookies), output: [] }) as never }),
      { instanceName: 'sess', docs: false },
    );
    const res = await call(a, 'a=1; b=x%20y');
    expect(JSON.parse(res.json().id)).toEqual({ a: '1', b: 'x y' });
    await a.close();
  });
});
