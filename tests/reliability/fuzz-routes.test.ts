/**
 * Bad input on every route of every shipped server (built in-process from its own config, routes
 * reached with inject()): text that is not JSON, wrong content types, bodies that break the
 * route's schema, bodies over the size limit, huge strings and deep nesting. Each must get a 4xx
 * whose JSON body names the problem; nothing may get a 5xx unless the input was well-formed and
 * a dependency (unreachable here) failed; and the server must stay healthy.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BODY_MAX_DEPTH } from '@gym/server';
import { readJsonl, REPO_ROOT } from '@gym/testing';
import { buildShippedServer, listShippedServers, type BuiltServer, type RouteInfo, type ShippedServer } from './helpers/shipped-servers.ts';
import { brokenJson, compiled, deepNesting, hugeStrings, related, sampleBody, schemaMutations, wrongContentTypes } from './helpers/malformed.ts';
import { expectNamedClientError, expectNamesField, expectNoInputCrash } from './helpers/expect-errors.ts';

const BODY_LIMIT = 256 * 1024;
/** The default bound: bodies just under it must be safe everywhere, so the fuzz does not lower it. */
const MAX_DEPTH = DEFAULT_BODY_MAX_DEPTH;
const OVERRIDES = [
  `++body_limit_bytes=${BODY_LIMIT}`,
  // Dependencies are unreachable here: fail fast instead of retrying.
  '++server_client.max_retries=0',
  '++server_client.timeout_ms=3000',
  '++server_client.model_timeout_ms=3000',
  '++server_client.verify_timeout_ms=3000',
  '++server_client.run_timeout_ms=3000',
];
/** Model servers: the upstream is unreachable here, so give up at once. */
const modelOverrides = (s: ShippedServer) =>
  s.kind === 'responses_api_models'
    ? ['max_retries=0', 'max_retries_on_500=0', 'request_timeout_ms=2000'].map((kv) => `++policy_model.responses_api_models.${s.folder}.${kv}`)
    : [];
const SEED = Number(process.env.GYM_FUZZ_SEED ?? 20240611);
const runs = (n: number) => ({ numRuns: n, seed: SEED, endOnFailure: true });

type Row = Record<string, unknown>;

/** Example bodies for a route from the server's own data (agents borrow their partner's). */
function examplesFor(s: ShippedServer, route: RouteInfo): unknown[] {
  const folder = s.kind === 'resources_servers' ? join(REPO_ROOT, s.kind, s.folder) : join(REPO_ROOT, 'resources_servers/example_single_tool_call');
  const read = (f: string): Row[] => (existsSync(join(folder, 'data', f)) ? readJsonl(join(folder, 'data', f)).slice(0, 3) : []);
  const rows = read('example.jsonl');
  const rollouts = read('example_rollouts.jsonl');
  switch (route.url) {
    case '/verify':
      return rollouts.map(({ reward: _r, ...rest }) => rest);
    case '/aggregate_metrics':
      return [{ verify_responses: rollouts }];
    case '/v1/responses':
      return rows.map((r) => r.responses_create_params);
    case '/v1/chat/completions':
      return [{ messages: [{ role: 'user', content: 'hi' }] }];
    default:
      return rows;
  }
}

const servers = listShippedServers();

describe.each(servers)('$kind/$folder', (s) => {
  let built: BuiltServer;
  let posts: Array<RouteInfo & { sample: unknown }>;

  beforeAll(async () => {
    built = await buildShippedServer(s, [...OVERRIDES, ...modelOverrides(s)]);
    posts = built.routes.filter((r) => r.method === 'POST').map((r) => ({ ...r, sample: r.body ? sampleBody(r.body, examplesFor(s, r)) : {} }));
  });
  afterAll(async () => built?.app.close());
  afterEach(async () => {
    const health = await built.app.inject({ method: 'GET', url: '/' });
    expect(health.statusCode, 'server unhealthy after the fuzz run').toBe(200);
  });

  const post = (url: string, payload: string | Buffer, contentType?: string) =>
    built.app.inject({ method: 'POST', url, payload, headers: contentType === undefined ? {} : { 'content-type': contentType } });

  it('answers text that is not JSON with a 4xx naming the decode error', async () => {
    const cases = fc.nat(posts.length - 1).chain((i) => brokenJson(posts[i].sample).map((text) => ({ i, text })));
    await fc.assert(
      fc.asyncProperty(cases, async ({ i, text }) => {
        const r = posts[i];
        const res = await post(r.url, text, 'application/json');
        const detail = expectNamedClientError(res, `POST ${r.url} ${JSON.stringify(text.slice(0, 60))}`);
        expect(JSON.stringify(detail)).toMatch(/JSON|json|Body cannot be empty/);
      }),
      runs(40),
    );
  });

  it('answers a body of another content type with a 4xx naming the type or the shape it expected', async () => {
    const cases = fc.tuple(fc.nat(posts.length - 1), wrongContentTypes);
    await fc.assert(
      fc.asyncProperty(cases, async ([i, type]) => {
        const r = posts[i];
        const res = await post(r.url, JSON.stringify(r.sample), type);
        const detail = JSON.stringify(expectNamedClientError(res, `POST ${r.url} as ${type}`));
        // text/plain reaches validation as a string (FastAPI does the same): 422 "Expected object".
        if (res.statusCode === 415) expect(detail).toContain('Unsupported Media Type');
        else expect(res.statusCode === 422 && /Expected|type/.test(detail), `POST ${r.url} as ${type}: ${res.statusCode} ${detail.slice(0, 200)}`).toBe(true);
      }),
      runs(20),
    );
  });

  it('answers bodies that break the route schema with a 422 naming the field', async () => {
    const withSchema = posts.filter((r) => r.body);
    if (!withSchema.length) return;
    const cases = fc.nat(withSchema.length - 1).chain((i) => schemaMutations(withSchema[i].body, withSchema[i].sample).map((m) => ({ i, m })));
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(cases, async ({ i, m }) => {
        const r = withSchema[i];
        const what = `POST ${r.url} ${m.kind} at ${JSON.stringify(m.path)}`;
        const res = await post(r.url, JSON.stringify(m.body), 'application/json');
        if (compiled(r.body!).Check(m.body)) return expectNoInputCrash(res, what);
        rejected++;
        expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBe(422);
        expectNamesField(expectNamedClientError(res, what), m.path, what, related);
      }),
      runs(120),
    );
    // The mutations must mostly produce bad bodies, or this test checks nothing.
    expect(rejected).toBeGreaterThan(30);
  });

  it(`rejects a body over body_limit_bytes (${BODY_LIMIT}) with 413 naming the limit`, async () => {
    const cases = fc.tuple(fc.nat(posts.length - 1), fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT * 4 }));
    await fc.assert(
      fc.asyncProperty(cases, async ([i, size]) => {
        const r = posts[i];
        const res = await post(r.url, JSON.stringify({ padding: 'x'.repeat(size) }), 'application/json');
        expect(res.statusCode).toBe(413);
        expect(expectNamedClientError(res, `POST ${r.url} of ${size} bytes`)).toContain(`${BODY_LIMIT} bytes`);
      }),
      runs(8),
    );
  });

  it('takes huge strings under the limit without a 5xx', async () => {
    const cases = fc.nat(posts.length - 1).chain((i) => hugeStrings(posts[i].body, posts[i].sample, 16 * 1024, BODY_LIMIT - 4096).map((build) => ({ i, build })));
    await fc.assert(
      fc.asyncProperty(cases, async ({ i, build }) => {
        const r = posts[i];
        const m = build();
        const payload = JSON.stringify(m.body);
        if (Buffer.byteLength(payload) > BODY_LIMIT) return;
        const what = `POST ${r.url} huge string at ${JSON.stringify(m.path)}`;
        const res = await post(r.url, payload, 'application/json');
        if (r.body && !compiled(r.body).Check(m.body)) expectNamedClientError(res, what);
        else expectNoInputCrash(res, what);
      }),
      runs(15),
    );
  });

  it(`rejects nesting deeper than body_max_depth (${MAX_DEPTH}) with a 422 and takes shallower nesting`, async () => {
    const cases = fc.nat(posts.length - 1).chain((i) => deepNesting(posts[i].body, posts[i].sample, MAX_DEPTH).map((build) => ({ i, build })));
    await fc.assert(
      fc.asyncProperty(cases, async ({ i, build }) => {
        const r = posts[i];
        const d = build();
        const what = `POST ${r.url} nested ${d.depth} deep at ${JSON.stringify(d.path)}`;
        const res = await post(r.url, d.text, 'application/json');
        const total = d.depth + d.path.length;
        if (total > MAX_DEPTH) {
          expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).toBe(422);
          expect(JSON.stringify(expectNamedClientError(res, what))).toContain('body_max_depth');
        } else if (res.statusCode >= 400 && res.statusCode < 500) expectNamedClientError(res, what);
        else expectNoInputCrash(res, what);
      }),
      runs(30),
    );
  });

  it('answers unknown routes, wrong methods and odd query strings with JSON, never a 5xx', async () => {
    const known = new Set(built.routes.map((r) => `${r.method} ${r.url}`));
    const segment = fc.stringMatching(/^[A-Za-z0-9._~%-]{1,12}$/);
    const cases = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
      path: fc.oneof(fc.array(segment, { minLength: 1, maxLength: 3 }).map((p) => `/${p.join('/')}`), fc.constantFrom(...built.routes.map((r) => r.url))),
      query: fc.oneof(fc.constant(''), fc.dictionary(segment, fc.string({ maxLength: 10 }), { maxKeys: 3 }).map((q) => `?${new URLSearchParams(q)}`)),
    });
    await fc.assert(
      fc.asyncProperty(cases, async ({ method, path, query }) => {
        const res = await built.app.inject({ method: method as 'GET', url: `${path}${query}` });
        const what = `${method} ${path}${query}`;
        if (known.has(`${method} ${path}`)) return expectNoInputCrash(res, what);
        expectNamedClientError(res, what);
      }),
      runs(30),
    );
  });
});
