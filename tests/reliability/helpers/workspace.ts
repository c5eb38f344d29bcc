/**
 * A throwaway Gym root (GYM_ROOT, under the repo's .tmp so `@gym/*` resolve) holding servers
 * written for a test beside symlinks to shipped server folders, and its env.yaml.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '@gym/testing';

/** A resources server whose `sleep` tool holds a request open and which starts a helper process (it must not outlive the server). */
export const SLOW_RESOURCES_APP = `
import { spawn } from 'node:child_process';
import { Type } from '@sinclair/typebox';
import { defineResourcesServer, isMainModule, serve, tool } from '@gym/server';
export const server = defineResourcesServer({
  className: 'SlowResourcesServer',
  tools: {
    sleep: tool(Type.Object({ ms: Type.Integer({ minimum: 0 }) }), async (args) => {
      console.log('sleeping ' + args.ms);
      await new Promise((r) => setTimeout(r, args.ms));
      return { slept: args.ms, pid: process.pid };
    }),
  },
  async setup() {
    const helper = spawn('sleep', ['600'], { stdio: 'ignore' });
    console.log('helper pid ' + helper.pid);
  },
  async verify() { return { reward: 1 }; },
});
if (isMainModule(import.meta.url)) await serve(server);
`;

/** A model server that answers every request with an empty completed response. */
export const FIXED_MODEL_APP = `
import { defineModelServer, isMainModule, serve } from '@gym/server';
export const server = defineModelServer({
  className: 'FixedModel',
  async responses() {
    return { id: 'resp_fixed', object: 'response', created_at: 0, model: 'fixed', status: 'completed', output: [] };
  },
});
if (isMainModule(import.meta.url)) await serve(server);
`;

/**
 * A resources server whose tool fails the way a client library often does: with the credential
 * from its config inside the error message (an API key in a query string). The framework must
 * keep it out of the reply and the logs.
 */
export const LEAKY_RESOURCES_APP = `
import { Type } from '@sinclair/typebox';
import { defineResourcesServer, isMainModule, serve, tool } from '@gym/server';
export const server = defineResourcesServer({
  className: 'LeakyResourcesServer',
  tools: {
    call_judge: tool(Type.Object({}), async (_args, ctx) => {
      const key = ctx.config.judge_api_key;
      ctx.log.warn({ url: 'https://judge.example/v1?key=' + key }, 'calling judge with key ' + key);
      throw new Error('GET https://judge.example/v1/score?key=' + key + ' failed: ECONNREFUSED');
    }),
  },
  async verify() { return { reward: 1 }; },
});
if (isMainModule(import.meta.url)) await serve(server);
`;

export interface Workspace {
  root: string;
  cleanup(): void;
}

export interface WorkspaceSpec {
  /** Files to write, by path relative to the root (e.g. `resources_servers/slow/app.ts`). */
  files?: Record<string, string>;
  /** Shipped server folders (relative to the repo) to link into the root. */
  links?: string[];
  envYaml: string[];
}

export function createWorkspace(name: string, spec: WorkspaceSpec): Workspace {
  const root = join(REPO_ROOT, '.tmp', `reliability-${name}-${process.pid}`);
  rmSync(root, { recursive: true, force: true });
  for (const [path, text] of Object.entries(spec.files ?? {})) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  for (const folder of spec.links ?? []) {
    mkdirSync(dirname(join(root, folder)), { recursive: true });
    symlinkSync(join(REPO_ROOT, folder), join(root, folder), 'dir');
  }
  writeFileSync(join(root, 'env.yaml'), `${spec.envYaml.join('\n')}\n`);
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** The slow resources server and the fixed model, with extra env.yaml lines. */
export function slowWorkspace(name: string, extraEnvYaml: string[] = []): Workspace {
  return createWorkspace(name, {
    files: { 'resources_servers/slow/app.ts': SLOW_RESOURCES_APP, 'responses_api_models/fixed_model/app.ts': FIXED_MODEL_APP },
    envYaml: [
      'slow_resources:',
      '  resources_servers:',
      '    slow:',
      '      entrypoint: app.ts',
      '      domain: other',
      'policy_model:',
      '  responses_api_models:',
      '    fixed_model:',
      '      entrypoint: app.ts',
      ...extraEnvYaml,
    ],
  });
}
