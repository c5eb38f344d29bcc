/**
 * Signed session cookie `<ClassName>___<instance>` carrying a session id.
 * Every reply re-sends it, so callers that forward Set-Cookie keep affinity.
 *
 * This runs on every request of every server, so it avoids repeated work:
 * a cookie already verified is recognised without recomputing its HMAC, a
 * reply to a request that brought a valid cookie re-sends the same signed
 * string instead of signing again, and the hooks are callbacks, not promises.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    sessionId: string;
  }
}

/** How many verified cookies to remember per server (a bounded map: memory stays flat). */
const VERIFIED_CACHE_SIZE = 4_096;
const kSignedSession = Symbol('gym.signedSession');
type WithSignedCookie = { [kSignedSession]?: { value: string; signed: string } };

export function sessionCookieName(className: string, instanceName: string): string {
  return `${className}___${instanceName}`;
}

export function registerSession(app: FastifyInstance, cookieName: string): void {
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' } as const;
  // signed cookie string → session id, for cookies whose signature was already checked.
  const verified = new Map<string, string>();

  app.decorateRequest('sessionId', '');
  app.addHook('onRequest', (request, _reply, done) => {
    const raw = request.cookies[cookieName];
    let value = raw ? verified.get(raw) : undefined;
    if (raw && value === undefined) {
      const unsigned = request.unsignCookie(raw);
      if (unsigned.valid && unsigned.value) {
        value = unsigned.value;
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
        verified.set(raw, value);
      }
    }
    if (raw && value !== undefined) {
      request.sessionId = value;
      (request as WithSignedCookie)[kSignedSession] = { value, signed: raw };
    } else {
      request.sessionId = randomUUID();
    }
    done();
  });
  // Runs after @fastify/cookie's own onSend, so the header is appended after any cookie a handler set.
  app.addHook('onSend', (request, reply, payload, done) => {
    const known = (request as WithSignedCookie)[kSignedSession];
    const signed = known && known.value === request.sessionId ? known.signed : reply.signCookie(request.sessionId);
    reply.header('set-cookie', app.serializeCookie(cookieName, signed, cookieOptions));
    done(null, payload);
  });
}
