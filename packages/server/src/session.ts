/**
 * Signed session cookie `<ClassName>___<instance>` carrying a session id.
 * Every reply re-sends it, so callers that forward Set-Cookie keep affinity.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    sessionId: string;
  }
}

export function sessionCookieName(className: string, instanceName: string): string {
  return `${className}___${instanceName}`;
}

export function registerSession(app: FastifyInstance, cookieName: string): void {
  app.decorateRequest('sessionId', '');
  app.addHook('onRequest', async (request) => {
    const raw = request.cookies[cookieName];
    if (raw) {
      const unsigned = request.unsignCookie(raw);
      if (unsigned.valid && unsigned.value) {
        request.sessionId = unsigned.value;
        return;
      }
    }
    request.sessionId = randomUUID();
  });
  app.addHook('onSend', async (request, reply) => {
    reply.setCookie(cookieName, request.sessionId, { path: '/', httpOnly: true, sameSite: 'lax', signed: true });
  });
}
