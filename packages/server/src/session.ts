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

/** Cookie names and values that @fastify/cookie's serializer writes as they are (no percent-encoding). */
const PLAIN_COOKIE_NAME = /^[\u0021-\u003A\u003C\u003E-\u007E]+$/;
const PLAIN_SIGNED_VALUE = /^[A-Za-z0-9+/._-]+$/;
const COOKIE_ATTRIBUTES = '; Path=/; HttpOnly; SameSite=Lax';

export function registerSession(app: FastifyInstance, cookieName: string): void {
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' } as const;
  // signed cookie string → session id, for cookies whose signature was already checked.
  const verified = new Map<string, string>();
  const plainName = PLAIN_COOKIE_NAME.test(cookieName);
  // A signed UUID needs no encoding, so the header line is a template; anything else goes through the serializer.
  const setCookieLine = (signed: string) =>
    plainName && PLAIN_SIGNED_VALUE.test(signed) ? `${cookieName}=${signed}${COOKIE_ATTRIBUTES}` : app.serializeCookie(cookieName, signed, cookieOptions);

  app.decorateRequest('sessionId', '');
  // Declared up front so every request object has the same shape.
  app.decorateRequest(kSignedSession, undefined);
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
    reply.header('set-cookie', setCookieLine(signed));
    done(null, payload);
  });
}
