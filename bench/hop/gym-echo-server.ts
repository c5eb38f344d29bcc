/**
 * The Gym side of the per-hop measurement: a model server built with
 * `defineModelServer` (validation, session cookie, error mapping, docs, as
 * every Gym server has) that answers `/v1/responses` exactly like the bare
 * model-like echo: the request's parameters echoed plus the canned fields
 * from BENCH_CANNED_FILE. Prints `listening <port>`.
 */
import { readFileSync } from 'node:fs';
import type { ResponseObject } from '@gym/schemas';
import { buildServer, defineModelServer } from '@gym/server';

const canned = JSON.parse(readFileSync(process.env.BENCH_CANNED_FILE!, 'utf8')) as Record<string, unknown>;

const echoModel = defineModelServer({
  className: 'BenchEchoModel',
  responses(body) {
    const { input: _input, ...params } = body;
    return { ...params, ...canned } as unknown as ResponseObject;
  },
});

const { app } = await buildServer(echoModel, { instanceName: 'bench_echo_model' });
await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`listening ${(app.server.address() as { port: number }).port}`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
