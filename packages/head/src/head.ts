/**
 * The head server: tells clients (trainers, `ng collect-rollouts`, `ng status`)
 * the merged config and where every server instance is. Servers never call it.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { stringify as toYaml } from 'yaml';
import { maskSecrets } from '@gym/config';

export type InstanceStatus = 'starting' | 'ready' | 'exited' | 'restarting' | 'stopped';

/** One row of `GET /server_instances`. */
export interface ServerInstanceInfo {
  process_name: string;
  server_type: string;
  name: string;
  dir_path: string;
  entrypoint: string;
  host: string;
  port: number;
  url: string;
  pid: number | null;
  config_path: string;
  start_time: number | null;
  status: InstanceStatus;
  exit_code?: number | null;
  restarts?: number;
}

export interface HeadServerOptions {
  tree: Record<string, unknown>;
  instances(): ServerInstanceInfo[];
}

export async function createHeadServer(opts: HeadServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, keepAliveTimeout: 72_000 });
  const token = typeof opts.tree.auth_token === 'string' && opts.tree.auth_token ? opts.tree.auth_token : undefined;
  const masked = maskSecrets(opts.tree);

  /** Secrets only go to a caller that asks for them and, when a token is set, proves it has it. */
  const wantsSecrets = (query: unknown, authorization: string | undefined) => {
    const ask = (query as Record<string, string> | undefined)?.include_secrets;
    if (ask !== 'true' && ask !== '1') return false;
    return !token || authorization === `Bearer ${token}`;
  };

  app.get('/', async () => ({ status: 'ok' }));
  // Wire-compatible with the reference: YAML text inside a JSON string.
  app.get('/global_config_dict_yaml', async (request, reply) =>
    reply.type('application/json').send(JSON.stringify(toYaml(wantsSecrets(request.query, request.headers.authorization) ? opts.tree : masked))),
  );
  app.get('/global_config_dict', async (request) => (wantsSecrets(request.query, request.headers.authorization) ? opts.tree : masked));
  app.get('/server_instances', async () => opts.instances());
  app.setNotFoundHandler((_req, reply) => {
    reply.code(404).send({ detail: 'Not Found' });
  });
  return app;
}
