/**
 * The one way to build a Gym server: Fastify with TypeBox validation, the
 * session cookie, the health route, FastAPI-compatible errors, optional
 * bearer-token auth, `/ng-rollout/<id>/` prefix stripping and `/docs`.
 */
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ServerClient, type Cookies } from '@gym/client';
import { authTokenOf, bearerMatches } from '@gym/config';
import type { Logger } from 'pino';
import { HttpError, InnerServerError, reprError, serverErrors } from './errors.ts';
import { createLogger, lazyChildLoggerFactory, redactSecrets, secretValues } from './logger.ts';
import { DEFAULT_BODY_MAX_DEPTH, registerJsonParser } from './body-parser.ts';
import { registerSession, sessionCookieName } from './session.ts';
import { typeboxValidatorCompiler } from './validation.ts';

export type GymApp = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>;
export type ConfigTree = Record<string, unknown>;

export const DEFAULT_BODY_LIMIT = 64 * 1024 * 1024;
export { DEFAULT_BODY_MAX_DEPTH, jsonNestsDeeperThan, requestJsonText, sendJsonText } from './body-parser.ts';
const ROLLOUT_PREFIX = /^\/ng-rollout\/[A-Za-z0-9][A-Za-z0-9._-]*(?:\/training-token-capture)?(?=\/)/;

/** What every handler can reach: who this server is, its config, and a client for other servers. */
export interface GymContext<C = ConfigTree> {
  className: string;
  instanceName: string;
  /** This instance's inner config (`tree[name][type][impl]`). */
  config: C;
  globalConfig: ConfigTree;
  client: ServerClient;
  log: Logger;
  cookieName: string;
}

/** Per-request view given to handlers. */
export interface RequestContext<C = ConfigTree> extends GymContext<C> {
  sessionId: string;
  /** Cookies the caller sent (forward them to the next hop). */
  cookies: Cookies;
  request: FastifyRequest;
  reply: FastifyReply;
  /** Add cookies (already signed by their origin) to this reply's Set-Cookie. */
  forwardCookies(cookies: Cookies | undefined): void;
}

export interface GymAppOptions {
  className: string;
  instanceName: string;
  config: ConfigTree;
  globalConfig: ConfigTree;
  client?: ServerClient;
  /** Serve OpenAPI docs at `/docs` (default: `enable_docs` in the config, else true). */
  docs?: boolean;
}

export async function createGymApp(opts: GymAppOptions): Promise<{ app: GymApp; ctx: GymContext }> {
  const g = opts.globalConfig;
  const cookieName = sessionCookieName(opts.className, opts.instanceName);
  const secrets = secretValues(g);
  const log = createLogger({ name: opts.instanceName, level: g.verbose ? 'debug' : undefined, secrets });
  const bodyLimit = Number(g.body_limit_bytes ?? DEFAULT_BODY_LIMIT);
  const maxDepth = Number(g.body_max_depth ?? DEFAULT_BODY_MAX_DEPTH);
  const app = Fastify({
    loggerInstance: log,
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit,
    keepAliveTimeout: 72_000,
    // Nearly every URL has no prefix: a startsWith check spares them the regex.
    rewriteUrl: (req) => {
      const url = req.url ?? '/';
      return url.startsWith('/ng-rollout/') ? url.replace(ROLLOUT_PREFIX, '') : url;
    },
    // Errors Fastify raises before routing (a badly percent-encoded URL) get the same body shape.
    frameworkErrors: (err, _request, reply) => void (reply as FastifyReply).code(err.statusCode ?? 400).send({ detail: err.message }),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as GymApp;
  app.setValidatorCompiler(typeboxValidatorCompiler);
  registerJsonParser(app, { maxDepth });

  const secret = typeof g.session_secret === 'string' && g.session_secret ? g.session_secret : cookieName;
  registerSession(app, cookieName, secret);

  const token = authTokenOf(g);
  if (token) {
    // The health route stays open: launchers and load balancers probe it without credentials.
    app.addHook('onRequest', async (request) => {
      if (request.url.split('?')[0] !== '/' && !bearerMatches(request.headers.authorization, token)) throw serverErrors.unauthorized();
    });
  }

  app.setNotFoundHandler((_request, reply) => {
    reply.code(404).send({ detail: 'Not Found' });
  });
  app.setErrorHandler((err: unknown, request, reply) => sendError(err, request, reply, cookieName, bodyLimit, secrets));

  if (opts.docs ?? g.enable_docs !== false) await registerDocs(app, opts.instanceName);

  app.get('/', { schema: { hide: true } as object }, async () => ({ status: 'ok' }));

  const ctx: GymContext = {
    className: opts.className,
    instanceName: opts.instanceName,
    config: opts.config,
    globalConfig: g,
    client: opts.client ?? new ServerClient(g),
    log,
    cookieName,
  };
  return { app, ctx };
}

/** Per-request context for handlers. */
export function requestContext<C>(ctx: GymContext<C>, request: FastifyRequest, reply: FastifyReply): RequestContext<C> {
  // Built with Object.assign, not `{...ctx, more}`: V8 takes a slow path for an object literal
  // that spreads and then adds properties (over 10 µs here), and this runs on every request.
  const rc = Object.assign({}, ctx) as RequestContext<C>;
  rc.sessionId = request.sessionId;
  rc.cookies = request.cookies as Cookies;
  rc.request = request;
  rc.reply = reply;
  rc.forwardCookies = (cookies) => {
    if (!cookies) return;
    for (const [name, value] of Object.entries(cookies)) {
      if (name === ctx.cookieName) continue;
      // Fastify appends to the Set-Cookie lines already on the reply (the session's among them).
      reply.header('set-cookie', `${name}=${value}; Path=/; HttpOnly; SameSite=Lax`);
    }
  };
  return rc;
}

function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply, cookieName: string, bodyLimit: number, secrets: string[]) {
  const e = err as { validation?: unknown; statusCode?: number; code?: string; message?: string };
  if (e.validation) return reply.code(422).send({ detail: e.validation });
  if (err instanceof HttpError) return reply.code(err.statusCode).send({ detail: maskDeep(err.detail, secrets) });
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ detail: serverErrors.bodyTooLarge(bodyLimit).message });
  if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err instanceof SyntaxError && e.statusCode === 400)) {
    return reply.code(422).send({ detail: [{ type: 'json_invalid', loc: ['body'], msg: `JSON decode error: ${e.message}` }] });
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return reply.code(e.statusCode).send({ detail: redactSecrets(String(e.message), secrets) });
  request.log.error({ err, url: request.url }, 'unhandled error');
  const body = err instanceof InnerServerError ? `Hit an exception in ${cookieName} calling an inner server: ${err.body}` : reprError(err);
  // Client libraries put credentials in error messages (a URL with ?key=…): never hand them on.
  return reply.code(500).type('application/json').send(JSON.stringify(redactSecrets(body, secrets)));
}

/** Every string inside an error detail with the config's secrets masked. */
function maskDeep(value: unknown, secrets: string[]): unknown {
  if (!secrets.length) return value;
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, secrets));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, secrets)]));
  return value;
}

async function registerDocs(app: GymApp, title: string) {
  const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([import('@fastify/swagger'), import('@fastify/swagger-ui')]);
  await app.register(swagger, { openapi: { info: { title, version: '0.1.0' } } });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
