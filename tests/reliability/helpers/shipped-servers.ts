/**
 * Every shipped server folder, built in-process with the config its own YAML gives it, plus the
 * list of routes it registered (method, URL, body schema) so tests can reach each one.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TSchema } from '@sinclair/typebox';
import { loadGlobalConfig } from '@gym/config';
import { buildServer, type GymApp, type ServerDefinition } from '@gym/server';
import { REPO_ROOT } from '@gym/testing';

export const SERVER_KINDS = ['resources_servers', 'responses_api_agents', 'responses_api_models'] as const;
export type ShippedKind = (typeof SERVER_KINDS)[number];

export interface ShippedServer {
  kind: ShippedKind;
  folder: string;
  /** Path of the YAML the server was configured from, relative to the repo root. */
  configPath: string;
}

export interface RouteInfo {
  method: string;
  url: string;
  body?: TSchema;
}

export interface BuiltServer {
  app: GymApp;
  instanceName: string;
  routes: RouteInfo[];
  tree: Record<string, unknown>;
}

/** Agents need a resources server to point at; this one ships with every checkout. */
const PARTNER_RESOURCES = 'resources_servers/example_single_tool_call/configs/example_single_tool_call.yaml';
const REPLAY_MODEL = 'responses_api_models/replay_model/configs/replay_model.yaml';

export function listShippedServers(): ShippedServer[] {
  const out: ShippedServer[] = [];
  for (const kind of SERVER_KINDS) {
    const kindDir = join(REPO_ROOT, kind);
    if (!existsSync(kindDir)) continue;
    for (const folder of readdirSync(kindDir).sort()) {
      const dir = join(kindDir, folder);
      if (!existsSync(join(dir, 'app.ts')) || !existsSync(join(dir, 'configs'))) continue;
      const yaml = readdirSync(join(dir, 'configs'))
        .filter((f) => f.endsWith('.yaml'))
        .sort((a, b) => Number(b === `${folder}.yaml`) - Number(a === `${folder}.yaml`))[0];
      if (yaml) out.push({ kind, folder, configPath: `${kind}/${folder}/configs/${yaml}` });
    }
  }
  return out;
}

/** Config words that make a server's YAML loadable on its own (models get an unreachable upstream). */
function configWords(s: ShippedServer, overrides: string[]): string[] {
  const policy = ['+policy_base_url=http://127.0.0.1:9/v1', '+policy_api_key=sk-fuzz-not-a-key', '+policy_model_name=fuzz-model'];
  if (s.kind === 'responses_api_models') return [`+config_paths=[${s.configPath}]`, ...policy, ...overrides];
  if (s.kind === 'responses_api_agents') {
    return [
      `+config_paths=[${s.configPath},${PARTNER_RESOURCES},${REPLAY_MODEL}]`,
      `++${s.folder}.responses_api_agents.${s.folder}.resources_server.name=example_single_tool_call`,
      ...policy,
      ...overrides,
    ];
  }
  return [`+config_paths=[${s.configPath},${REPLAY_MODEL}]`, ...policy, ...overrides];
}

/** Build a shipped server in-process (no listening socket) and record the routes it registers. */
export async function buildShippedServer(s: ShippedServer, overrides: string[] = []): Promise<BuiltServer> {
  const loaded = await loadGlobalConfig({ argv: configWords(s, overrides), cwd: REPO_ROOT, skipEnvYaml: true, warn: () => {} });
  const candidates = loaded.instances.filter((i) => i.serverType === s.kind && i.impl === s.folder);
  const instance = candidates.find((i) => i.name === s.folder) ?? candidates[0];
  if (!instance) throw new Error(`${s.configPath} declares no ${s.kind} instance of ${s.folder}`);
  const mod = (await import(join(REPO_ROOT, s.kind, s.folder, 'app.ts'))) as { server: ServerDefinition };
  const routes: RouteInfo[] = [{ method: 'GET', url: '/' }];
  const def = mod.server;
  const recording: ServerDefinition = {
    ...def,
    register(app, ctx) {
      app.addHook('onRoute', (r) => {
        for (const method of [r.method].flat()) {
          if (method !== 'HEAD') routes.push({ method, url: r.url, body: (r.schema as { body?: TSchema } | undefined)?.body });
        }
      });
      return def.register(app, ctx);
    },
  };
  const { app } = await buildServer(recording, { instanceName: instance.name, config: instance.config, globalConfig: loaded.tree, docs: false });
  return { app, instanceName: instance.name, routes, tree: loaded.tree };
}
