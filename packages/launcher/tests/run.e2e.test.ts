/**
 * `ng run` end to end: a real launcher process, two real server children,
 * the head server's instance list, a call through ServerClient, then SIGINT
 * and a check that no child is left.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ServerClient } from '@gym/client';
import { freePort, isAlive, REPO_ROOT, spawnNg, waitForEnvironment } from '@gym/testing';

const root = join(REPO_ROOT, '.tmp', `launcher-e2e-${process.pid}`);

const resourcesApp = `
import { Type } from '@sinclair/typebox';
import { defineResourcesServer, isMainModule, serve, tool } from '@gym/server';
export const server = defineResourcesServer({
  className: 'TrivialResourcesServer',
  tools: {
    echo: tool(Type.Object({ text: Type.String() }), async (args, ctx) => ({ echoed: args.text, pid: process.pid, greeting: (ctx.config as any).greeting })),
    die: tool(Type.Object({}), async () => { setTimeout(() => process.exit(3), 10); return {}; }),
  },
  async verify() { return { reward: 1 }; },
});
if (isMainModule(import.meta.url)) await serve(server);
`;

const modelApp = `
import { defineModelServer, isMainModule, serve } from '@gym/server';
export const server = defineModelServer({
  className: 'FixedModel',
  async responses() {
    return { id: 'resp_fixed', object: 'response', created_at: 0, model: 'fixed', status: 'completed', output: [] };
  },
});
if (isMainModule(import.meta.url)) await serve(server);
`;

function writeWorkspace() {
  mkdirSync(join(root, 'resources_servers/trivial'), { recursive: true });
  mkdirSync(join(root, 'responses_api_models/fixed_model'), { recursive: true });
  writeFileSync(join(root, 'resources_servers/trivial/app.ts'), resourcesApp);
  writeFileSync(join(root, 'responses_api_models/fixed_model/app.ts'), modelApp);
  writeFileSync(
    join(root, 'env.yaml'),
    [
      'trivial_resources:',
      '  resources_servers:',
      '    trivial:',
      '      entrypoint: app.ts',
      '      domain: other',
      '      greeting: ${greeting_text}',
      'greeting_text: hello from config',
      'policy_model:',
      '  responses_api_models:',
      '    fixed_model:',
      '      entrypoint: app.ts',
      '',
    ].join('\n'),
  );
}

describe('ng run', () => {
  writeWorkspace();
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('starts every server, serves the instance list, and leaves no child behind after SIGINT', async () => {
    const headPort = await freePort();
    const headUrl = `http://127.0.0.1:${headPort}`;
    const ng = spawnNg(['run', `++head_server.port=${headPort}`], { env: { GYM_ROOT: root }, cwd: root });
    try {
      const rows = await waitForEnvironment(headUrl, ng);
      expect(rows.map((r) => r.process_name).sort()).toEqual(['policy_model', 'trivial_resources']);
      for (const r of rows) {
        expect(r).toMatchObject({ host: '127.0.0.1', status: 'ready' });
        expect(r.url).toBe(`http://127.0.0.1:${r.port}`);
        expect(typeof r.pid).toBe('number');
        expect(r.port).not.toBe(headPort);
      }
      const client = await ServerClient.fromGlobalConfig({ headUrl });
      const res = await client.post('trivial_resources', '/echo', { text: 'hi' });
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ echoed: 'hi', greeting: 'hello from config' });
      const childPids = rows.map((r) => r.pid as number);
      expect(childPids).toContain((res.json() as { pid: number }).pid);
      // The bundled server still serves /docs, whose assets are files of an npm package left outside the bundle.
      const docs = await fetch(`${client.urlFor('trivial_resources')}/docs/static/swagger-ui-bundle.js`);
      expect(docs.status).toBe(200);
      expect((await docs.text()).length).toBeGreaterThan(100_000);

      ng.child.kill('SIGINT');
      const { code } = await ng.exited;
      expect(code).toBe(0);
      for (const pid of childPids) expect(isAlive(pid)).toBe(false);
    } finally {
      ng.child.kill('SIGKILL');
    }
  }, 60_000);

  it('reports a child that dies with its name and exits non-zero', async () => {
    const headPort = await freePort();
    const headUrl = `http://127.0.0.1:${headPort}`;
    const ng = spawnNg(['run', `++head_server.port=${headPort}`], { env: { GYM_ROOT: root }, cwd: root });
    try {
      const rows = await waitForEnvironment(headUrl, ng);
      const client = await ServerClient.fromGlobalConfig({ headUrl });
      await client.post('trivial_resources', '/die', {});
      const { code } = await ng.exited;
      expect(code).not.toBe(0);
      expect(ng.output()).toContain('Process `trivial_resources` finished unexpectedly!');
      for (const r of rows) expect(isAlive(r.pid as number)).toBe(false);
    } finally {
      ng.child.kill('SIGKILL');
    }
  }, 60_000);

  it('children stop by themselves when the launcher is killed with SIGKILL', async () => {
    const headPort = await freePort();
    const headUrl = `http://127.0.0.1:${headPort}`;
    const ng = spawnNg(['run', `++head_server.port=${headPort}`], { env: { GYM_ROOT: root }, cwd: root });
    const rows = await waitForEnvironment(headUrl, ng);
    ng.child.kill('SIGKILL');
    await ng.exited;
    const pids = rows.map((r) => r.pid as number);
    const deadline = Date.now() + 15_000;
    while (pids.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(pids.filter(isAlive)).toEqual([]);
  }, 60_000);
});
