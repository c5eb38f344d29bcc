/**
 * A throwaway Gym root (under the repo's .tmp, so `@gym/*` resolve) with servers written for a
 * test: a resources server whose `sleep` tool holds a request open and which starts a helper
 * process of its own (to prove process groups are cleaned up), and a fixed model server.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@gym/testing';

const slowResources = `
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
    // A helper process, as servers that run sandboxes or judges start: it must not outlive the server.
    const helper = spawn('sleep', ['600'], { stdio: 'ignore' });
    console.log('helper pid ' + helper.pid);
  },
  async verify() { return { reward: 1 }; },
});
if (isMainModule(import.meta.url)) await serve(server);
`;

const fixedModel = `
import { defineModelServer, isMainModule, serve } from '@gym/server';
export const server = defineModelServer({
  className: 'FixedModel',
  async responses() {
    return { id: 'resp_fixed', object: 'response', created_at: 0, model: 'fixed', status: 'completed', output: [] };
  },
});
if (isMainModule(import.meta.url)) await serve(server);
`;

export interface Workspace {
  root: string;
  cleanup(): void;
}

export function createWorkspace(name: string, envYaml: string[] = []): Workspace {
  const root = join(REPO_ROOT, '.tmp', `reliability-${name}-${process.pid}`);
  mkdirSync(join(root, 'resources_servers/slow'), { recursive: true });
  mkdirSync(join(root, 'responses_api_models/fixed_model'), { recursive: true });
  writeFileSync(join(root, 'resources_servers/slow/app.ts'), slowResources);
  writeFileSync(join(root, 'responses_api_models/fixed_model/app.ts'), fixedModel);
  writeFileSync(
    join(root, 'env.yaml'),
    [
      'slow_resources:',
      '  resources_servers:',
      '    slow:',
      '      entrypoint: app.ts',
      '      domain: other',
      'policy_model:',
      '  responses_api_models:',
      '    fixed_model:',
      '      entrypoint: app.ts',
      ...envYaml,
      '',
    ].join('\n'),
  );
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
