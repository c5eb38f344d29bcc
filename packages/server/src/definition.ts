/**
 * A server definition is data plus handlers; `buildServer` turns it into a
 * Fastify app (for tests with inject()), `serve` runs it as a child of `ng run`.
 */
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { ServerClient } from '@gym/client';
import { createGymApp, type ConfigTree, type GymApp, type GymContext } from './app.ts';

export type ServerKind = 'resources_servers' | 'responses_api_agents' | 'responses_api_models';

export interface ServerDefinition<C = ConfigTree> {
  kind: ServerKind;
  className: string;
  /** Schema of this server's own config keys; checked at start-up. */
  configSchema?: TSchema;
  register(app: GymApp, ctx: GymContext<C>): void | Promise<void>;
}

/** What the spec of every server kind has besides its routes' handlers. */
export interface ServerSpecBase<C> {
  /** Names the session cookie (`<className>___<instance>`) and the 500 bodies. */
  className: string;
  /** Schema of this server's own config keys; checked at start-up. */
  configSchema?: TSchema;
  /** Extra routes or start-up work. */
  setup?(app: GymApp, ctx: GymContext<C>): void | Promise<void>;
}

/** The definition of a server of `kind` built from its spec: `routes`, then the spec's own `setup`. */
export function definitionFromSpec<C, S extends ServerSpecBase<C>>(
  kind: ServerKind,
  spec: S,
  routes: (app: GymApp, ctx: GymContext<C>) => void | Promise<void>,
): ServerDefinition<C> & { spec: S } {
  return {
    kind,
    className: spec.className,
    configSchema: spec.configSchema,
    spec,
    async register(app, ctx) {
      await routes(app, ctx);
      await spec.setup?.(app, ctx);
    },
  };
}

export interface BuildOptions {
  instanceName?: string;
  config?: ConfigTree;
  globalConfig?: ConfigTree;
  client?: ServerClient;
  docs?: boolean;
}

export async function buildServer<C>(def: ServerDefinition<C>, opts: BuildOptions = {}): Promise<{ app: GymApp; ctx: GymContext<C> }> {
  const instanceName = opts.instanceName ?? def.className;
  const config = opts.config ?? {};
  if (def.configSchema) checkConfig(def.configSchema, config, instanceName);
  const { app, ctx } = await createGymApp({
    className: def.className,
    instanceName,
    config,
    globalConfig: opts.globalConfig ?? {},
    client: opts.client,
    docs: opts.docs,
  });
  const typed = ctx as GymContext<C>;
  await def.register(app, typed);
  await app.ready();
  return { app, ctx: typed };
}

export class ServerConfigError extends Error {
  readonly code = 'GYM_SERVER_CONFIG';
}

function checkConfig(schema: TSchema, config: ConfigTree, instanceName: string) {
  const check = TypeCompiler.Compile(schema);
  if (check.Check(config)) return;
  const problems = [...check.Errors(config)].slice(0, 10).map((e) => `  - ${instanceName}${e.path.replace(/\//g, '.')}: ${e.message}`);
  throw new ServerConfigError(`Invalid config for server instance '${instanceName}':\n${problems.join('\n')}`);
}
