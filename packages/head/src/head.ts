/**
 * The head server: tells clients (trainers, `ng collect-rollouts`, `ng status`)
 * the merged config and where every server instance is. Servers never call it.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { stringify as toYaml } from 'yaml';
import { authTokenOf, bearerMatches, maskSecrets } from '@gym/config';

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
  const app = Fastify({
    logger: false,
    keepAliveTimeout: 72_000,
    // Errors raised before routing (a badly percent-encoded URL) get the same body shape as the rest.
    frameworkErrors: (err, _request, reply) => void sendError(err, reply),
  });
  const token = authTokenOf(opts.tree);
  const masked = maskSecrets(opts.tree);

  // With a token, every route but the health route needs it, as on every Gym server.
  if (token) {
    app.addHook('onRequest', async (request, reply) => {
      if (request.url.split('?')[0] !== '/' && !bearerMatches(request.headers.authorization, token)) {
        return reply.code(401).send({ detail: 'Missing or wrong bearer token. Send `Authorization: Bearer <auth_token>` as set in env.yaml (GYM_AUTH_TOKEN for clients).' });
      }
    });
  }

  /**
   * Secrets only go to a caller that asks for them and proves it holds the token (checked above);
   * without a configured token nobody gets them: any local user can reach a loopback port.
   */
  const wantsSecrets = (query: unknown) => {
    const ask = (query as Record<string, string> | undefined)?.include_secrets;
    return !!token && (ask === 'true' || ask === '1');
  };

  app.get('/', async () => ({ status: 'ok' }));
  // Wire-compatible with the reference: YAML text inside a JSON string.
  app.get('/global_config_dict_yaml', async (request, reply) =>
    reply.type('application/json').send(JSON.stringify(toYaml(wantsSecrets(request.query) ? opts.tree : masked))),
  );
  app.get('/global_config_dict', async (request) => (wantsSecrets(request.query) ? opts.tree : masked));
  app.get('/server_instances', async () => opts.instances());
  app.setNotFoundHandler((_req, reply) => {
    reply.code(404).send({ detail: 'Not Found' });
  });
  app.setErrorHandler((err: FastifyError, _request, reply) => sendError(err, reply));
  return app;
}

/** `{detail: <message>}` like every Gym server; a 5xx never carries the config. */
function sendError(err: FastifyError, reply: FastifyReply) {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
  return reply.code(status).send({ detail: status < 500 ? err.message : `Internal error of the head server: ${err.name}` });
}
