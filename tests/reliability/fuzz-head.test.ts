/**
 * Bad input on the head server: random methods, paths, query strings, bodies and content types.
 * It must answer JSON, never a 5xx, never leak a secret, and, with an auth token, refuse every
 * route but the health route to a caller without it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeadServer, type ServerInstanceInfo } from '@gym/head';
import { anyJson, brokenJson, wrongContentTypes } from './helpers/malformed.ts';
import { expectNamedClientError } from './helpers/expect-errors.ts';

const KEY = 'sk-planted-head-fuzz-0123456789';
const TOKEN = 'tok-planted-head-fuzz-9876543210';
const tree = {
  policy_api_key: KEY,
  head_server: { host: '127.0.0.1', port: 11000 },
  policy_model: { responses_api_models: { openai_model: { entrypoint: 'app.ts', port: 12000, openai_api_key: KEY } } },
};
const row: ServerInstanceInfo = {
  process_name: 'policy_model', server_type: 'responses_api_models', name: 'openai_model', dir_path: '/x', entrypoint: 'app.ts',
  host: '127.0.0.1', port: 12000, url: 'http://127.0.0.1:12000', pid: 42, config_path: 'policy_model', start_time: 1, status: 'ready',
};
const ROUTES = ['/', '/global_config_dict_yaml', '/global_config_dict', '/server_instances'];
const runs = (n: number) => ({ numRuns: n, seed: Number(process.env.GYM_FUZZ_SEED ?? 20240611), endOnFailure: true });

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
  path: fc.oneof(fc.constantFrom(...ROUTES), fc.array(fc.stringMatching(/^[A-Za-z0-9._~%-]{1,12}$/), { minLength: 1, maxLength: 3 }).map((p) => `/${p.join('/')}`)),
  query: fc.oneof(
    fc.constant(''),
    fc.constantFrom('?include_secrets=true', '?include_secrets=1', '?include_secrets=yes', '?include_secrets[]=true', '?include_secrets=true&include_secrets=1'),
    fc.dictionary(fc.stringMatching(/^[a-z_]{1,10}$/), fc.string({ maxLength: 10 }), { maxKeys: 3 }).map((q) => `?${new URLSearchParams(q)}`),
  ),
  body: fc.oneof(fc.constant(undefined), anyJson.map((v) => JSON.stringify(v)), brokenJson({ a: 1 })),
  contentType: fc.oneof(fc.constant('application/json'), wrongContentTypes),
  authorization: fc.oneof(fc.constant(undefined), fc.constant(`Bearer ${TOKEN}`), fc.string({ maxLength: 30 }), fc.constant(`Bearer ${TOKEN}x`), fc.constant(TOKEN)),
});

describe.each([
  { name: 'without an auth token', token: undefined },
  { name: 'with an auth token', token: TOKEN },
])('head server $name', ({ token }) => {
  let app: Awaited<ReturnType<typeof createHeadServer>>;
  beforeAll(async () => {
    app = await createHeadServer({ tree: token ? { ...tree, auth_token: token } : tree, instances: () => [row] });
  });
  afterAll(async () => app?.close());

  it('answers anything with JSON, never a 5xx, and never leaks a secret to a caller without the token', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {};
        if (r.body !== undefined) headers['content-type'] = r.contentType;
        if (r.authorization !== undefined) headers.authorization = r.authorization;
        const res = await app.inject({ method: r.method as 'GET', url: `${r.path}${r.query}`, headers, payload: r.body });
        const what = `${r.method} ${r.path}${r.query} auth=${r.authorization}`;
        expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        const authorised = !!token && r.authorization === `Bearer ${token}`;
        const known = r.method === 'GET' && ROUTES.includes(r.path);
        if (!authorised) {
          expect(res.body, `${what} leaked the API key`).not.toContain(KEY);
          expect(res.body, `${what} leaked the token`).not.toContain(TOKEN);
        }
        // Without the token only the health route answers (a malformed URL is refused before that).
        if (token && !authorised && r.path !== '/') expect([400, 401, 404], `${what}: ${res.statusCode}`).toContain(res.statusCode);
        if (token && !authorised && known && r.path !== '/') expect(res.statusCode, what).toBe(401);
        if (known && (authorised || !token || r.path === '/')) expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).toBe(200);
        else expectNamedClientError(res, what);
      }),
      runs(300),
    );
    expect((await app.inject({ url: '/' })).json()).toEqual({ status: 'ok' });
  });
});
