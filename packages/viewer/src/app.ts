/**
 * The viewer's Fastify app: the page (static HTML/JS/CSS from `ui/`) and its
 * JSON API. Query strings are declared as TypeBox schemas, so a bad value is
 * a 400 naming the parameter.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ViewerError } from './errors.ts';
import { queryRollouts, RolloutQuery } from './query.ts';
import { RolloutFile } from './rollout-file.ts';
import { StatsQuery } from './stats.ts';
import { buildRolloutView } from './transcript.ts';

const UI_DIR = new URL('../ui/', import.meta.url);
const UI_FILES: Record<string, string> = {
  '/': 'index.html',
  '/app.js': 'app.js',
  '/app.css': 'app.css',
};
const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};
/** Rollout text is inserted as text, and this policy forbids inline script as a second line of defence. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'";

/** Below this many distinct rewards the page offers them in a drop-down. */
const MAX_LISTED_REWARDS = 20;

const RolloutParams = Type.Object({ i: Type.Integer({ minimum: 0 }) });
type RolloutParams = Static<typeof RolloutParams>;

/** `querystring.reward: must be number`, `querystring.rewrd: unknown parameter`. */
function describeValidation(errors: Array<{ instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }>, where: string): Error {
  const messages = errors.map((e) =>
    e.keyword === 'additionalProperties'
      ? `${where}.${String(e.params.additionalProperty)}: unknown parameter`
      : `${where}${e.instancePath.replace(/\//g, '.')}: ${e.message ?? 'is invalid'}`,
  );
  return new Error(messages.join('; '));
}

export function metaOf(file: RolloutFile) {
  const { index } = file;
  const rewards = new Set<number>();
  for (const e of index.entries) {
    if (e.reward !== null) rewards.add(e.reward);
    if (rewards.size > MAX_LISTED_REWARDS) break;
  }
  return {
    file: file.path,
    fileName: basename(file.path),
    bytes: index.bytes,
    rollouts: index.entries.length,
    blankLines: index.blankLines,
    badLineCount: index.badLineCount,
    badLines: index.badLines,
    agents: index.agents(),
    rewardValues: rewards.size > MAX_LISTED_REWARDS ? null : [...rewards].sort((a, b) => a - b),
    hasTaskIndex: index.entries.some((e) => e.task !== null),
    loadedAt: file.loadedAt.toISOString(),
  };
}

export async function createViewerApp(file: RolloutFile): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    // Unknown query parameters are errors (a typo must not silently match everything).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true } },
    schemaErrorFormatter: (errors, dataVar) => describeValidation(errors as never, dataVar),
  });
  const assets = Object.fromEntries(
    await Promise.all(Object.entries(UI_FILES).map(async ([route, name]) => [route, await readFile(new URL(name, UI_DIR), 'utf8')] as const)),
  );

  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'no-store');
  });

  app.setErrorHandler((err: FastifyError | ViewerError, _request, reply) => {
    if (err instanceof ViewerError) return reply.code(err.statusCode).send({ error: err.code, message: err.message });
    if ((err as FastifyError).validation) return reply.code(400).send({ error: 'GYM_VIEWER_BAD_QUERY', message: err.message });
    const status = (err as FastifyError).statusCode ?? 500;
    return reply.code(status).send({ error: status < 500 ? 'GYM_VIEWER_BAD_REQUEST' : 'GYM_VIEWER_INTERNAL', message: err.message });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: 'GYM_VIEWER_NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}.` });
  });

  for (const [route, name] of Object.entries(UI_FILES)) {
    const type = CONTENT_TYPES[name.split('.').pop()!];
    app.get(route, async (_request, reply) => reply.type(type).send(assets[route]));
  }

  app.get('/api/meta', async () => metaOf(file));

  app.post('/api/reload', async () => {
    await file.reload();
    return metaOf(file);
  });

  app.get<{ Querystring: RolloutQuery }>('/api/rollouts', { schema: { querystring: RolloutQuery } }, async (request) =>
    queryRollouts(file.index, file.search, request.query),
  );

  app.get<{ Params: RolloutParams }>('/api/rollouts/:i', { schema: { params: RolloutParams } }, async (request) => {
    const { index } = file;
    const summary = index.entry(request.params.i);
    return { summary, total: index.entries.length, view: buildRolloutView(await index.read(request.params.i)) };
  });

  app.get<{ Params: RolloutParams }>('/api/rollouts/:i/raw', { schema: { params: RolloutParams } }, async (request, reply) =>
    reply.type('application/json; charset=utf-8').send(await file.index.readRaw(request.params.i)),
  );

  app.get<{ Querystring: StatsQuery }>('/api/stats', { schema: { querystring: StatsQuery } }, async (request) => file.stats(request.query));

  return app;
}
