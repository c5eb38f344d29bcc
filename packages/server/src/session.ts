/**
 * Signed session cookie `<ClassName>___<instance>` carrying a session id, and
 * the request's cookies. Every reply sends the session cookie, so callers that
 * forward Set-Cookie keep affinity.
 *
 * This runs on every request of every server, so it is one `onRequest` hook
 * and nothing else: the Cookie header is parsed only when something reads it,
 * a cookie already verified is recognised without recomputing its HMAC, a
 * request that brought a valid cookie gets the same signed string back, and
 * the Set-Cookie line is set before the handler runs (no `onSend` hook, which
 * costs every reply a pass through Fastify's hook runner). Signatures are the
 * `value.base64(HMAC-SHA256)` of cookie-signature, as @fastify/cookie and the
 * Express family write them, so cookies stay valid across implementations.
 */
import { createHmac, createSecretKey, randomUUID, timingSafeEqual, type KeyObject } from 'node:crypto';
import { parse as parseCookieHeader, serialize as serializeCookie, type SerializeOptions } from 'cookie';
import type { FastifyInstance, FastifyReply } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    sessionId: string;
    /** The request's cookies (the Cookie header, parsed on first read). */
    readonly cookies: Record<string, string | undefined>;
  }
  interface FastifyReply {
    /** Add a Set-Cookie line to the reply. */
    setCookie(name: string, value: string, options?: SerializeOptions): FastifyReply;
  }
}

/** How many verified cookies to remember per server (a bounded map: memory stays flat). */
const VERIFIED_CACHE_SIZE = 4_096;
const kCookies = Symbol('gym.cookies');
type WithCookies = { [kCookies]?: Record<string, string | undefined> };

export function sessionCookieName(className: string, instanceName: string): string {
  return `${className}___${instanceName}`;
}

/** Cookie names and values that need no percent-encoding in a Set-Cookie line. */
const PLAIN_COOKIE_NAME = /^[\u0021-\u003A\u003C\u003E-\u007E]+$/;
const PLAIN_SIGNED_VALUE = /^[A-Za-z0-9+/._-]+$/;
const SESSION_COOKIE_OPTIONS: SerializeOptions = { path: '/', httpOnly: true, sameSite: 'lax' };
const COOKIE_ATTRIBUTES = '; Path=/; HttpOnly; SameSite=Lax';

/** cookie-signature's format: `value.` + the HMAC-SHA256 of the value in unpadded base64. */
export function cookieSigner(secret: string) {
  const key: KeyObject = createSecretKey(Buffer.from(secret));
  const sign = (value: string) => `${value}.${createHmac('sha256', key).update(value).digest('base64').replace(/=+$/, '')}`;
  return {
    sign,
    /** The value of a signed string, or undefined when the signature does not match. */
    unsign(signed: string): string | undefined {
      const dot = signed.lastIndexOf('.');
      if (dot <= 0) return undefined;
      const value = signed.slice(0, dot);
      const expected = Buffer.from(sign(value));
      const given = Buffer.from(signed);
      return expected.length === given.length && timingSafeEqual(expected, given) ? value : undefined;
    },
  };
}

export function registerSession(app: FastifyInstance, cookieName: string, secret: string): void {
  const signer = cookieSigner(secret);
  // signed cookie string → session id, for cookies whose signature was already checked.
  const verified = new Map<string, string>();
  // A signed UUID needs no encoding, so the header line is a template; anything else goes through the serializer.
  const plainName = PLAIN_COOKIE_NAME.test(cookieName);
  const setCookieLine = (signed: string) =>
    plainName && PLAIN_SIGNED_VALUE.test(signed) ? `${cookieName}=${signed}${COOKIE_ATTRIBUTES}` : serializeCookie(cookieName, signed, SESSION_COOKIE_OPTIONS);

  app.decorateRequest('sessionId', '');
  // Declared up front so every request object has the same shape.
  app.decorateRequest(kCookies, undefined);
  app.decorateRequest('cookies', {
    getter(this: WithCookies & { headers: { cookie?: string } }) {
      return (this[kCookies] ??= this.headers.cookie ? parseCookieHeader(this.headers.cookie) : {});
    },
  });
  app.decorateReply('setCookie', function setCookie(this: FastifyReply, name: string, value: string, options?: SerializeOptions) {
    // Fastify appends to the Set-Cookie lines already on the reply.
    return this.header('set-cookie', serializeCookie(name, value, options));
  });
  app.addHook('onRequest', (request, reply, done) => {
    const raw = request.headers.cookie ? request.cookies[cookieName] : undefined;
    let value = raw ? verified.get(raw) : undefined;
    if (raw && value === undefined) {
      value = signer.unsign(raw);
      if (value) {
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
        verified.set(raw, value);
      }
    }
    request.sessionId = value || randomUUID();
    reply.header('set-cookie', setCookieLine(value ? raw! : signer.sign(request.sessionId)));
    done();
  });
}
