/**
 * Fault (d): SIGTERM to `ng run` while requests are in flight. Requests that fit in the grace
 * period (`shutdown_grace_seconds`) finish; longer ones are cut cleanly (the caller gets an
 * error, not a hang) when it ends; every child, and every process a child started, is gone
 * afterwards: the test reads the process table.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { ServerClient, ServerClientError } from '@gym/client';
import { processTree, startEnvironment, survivors, waitUntil, type Environment } from './helpers/environment.ts';
import { slowWorkspace, type Workspace } from './helpers/workspace.ts';

const workspaces: Workspace[] = [];
afterAll(() => workspaces.forEach((w) => w.cleanup()));

async function environmentWithGrace(name: string, graceSeconds: number) {
  const ws = slowWorkspace(name, [`shutdown_grace_seconds: ${graceSeconds}`]);
  workspaces.push(ws);
  const env = await startEnvironment([], { env: { GYM_ROOT: ws.root }, cwd: ws.root });
  await waitUntil(() => /helper pid \d+/.test(env.ng.output()), 30_000, () => env.ng.output());
  const client = await ServerClient.fromGlobalConfig({ headUrl: env.headUrl });
  const tree = processTree(env.ng.child.pid!);
  // ng run, two servers, and the helper one of them started.
  expect(tree.some((r) => r.cmdline === 'sleep 600')).toBe(true);
  expect(tree.length).toBeGreaterThanOrEqual(4);
  return { env, client, tree };
}

/** Fire `n` requests that each hold the server for `ms`, and wait until the server has them all. */
async function holdRequests(env: Environment, client: ServerClient, n: number, ms: number) {
  const before = (env.ng.output().match(/sleeping \d+/g) ?? []).length;
  const calls = Array.from({ length: n }, () =>
    client.post('slow_resources', '/sleep', { ms }, { maxRetries: 0 }).then(
      (res) => ({ status: res.status, body: res.json<{ slept: number }>() }),
      (error: unknown) => ({ error: error as ServerClientError }),
    ),
  );
  await waitUntil(() => (env.ng.output().match(/sleeping \d+/g) ?? []).length >= before + n, 30_000, () => env.ng.output());
  return calls;
}

/** Nothing of the environment is left: no process of its tree, none in the servers' process groups. */
function expectNoProcessLeft(tree: ReturnType<typeof processTree>) {
  const ownGroup = tree[0].pgid;
  const groups = [...new Set(tree.map((r) => r.pgid))].filter((g) => g !== ownGroup);
  expect(groups.length).toBeGreaterThanOrEqual(2);
  expect(survivors(tree.map((r) => r.pid), groups)).toEqual([]);
}

describe('SIGTERM to ng run with requests in flight', () => {
  it('lets requests that fit in the grace period finish, then stops every process', async () => {
    const { env, client, tree } = await environmentWithGrace('sigterm-finish', 6);
    const calls = await holdRequests(env, client, 6, 1500);
    const t0 = Date.now();
    env.ng.child.kill('SIGTERM');
    const results = await Promise.all(calls);
    for (const r of results) expect(r).toMatchObject({ status: 200, body: { slept: 1500 } });
    const { code } = await env.ng.exited;
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(6000 + 3000);
    expect(env.ng.output()).toContain('Received SIGTERM; stopping every server...');
    expectNoProcessLeft(tree);
    await expect(request(`${env.headUrl}/`)).rejects.toThrow();
  }, 120_000);

  it('cuts requests longer than the grace period cleanly when it ends, then stops every process', async () => {
    const graceSeconds = 2;
    const { env, client, tree } = await environmentWithGrace('sigterm-cut', graceSeconds);
    const calls = await holdRequests(env, client, 4, 60_000);
    const t0 = Date.now();
    env.ng.child.kill('SIGTERM');
    const results = await Promise.all(calls);
    const cutAfter = Date.now() - t0;
    for (const r of results) {
      const error = (r as { error?: ServerClientError }).error;
      expect(error, JSON.stringify(r)).toBeInstanceOf(ServerClientError);
      expect(error!.code).toBe('GYM_CLIENT_REQUEST_FAILED');
      expect(error!.message).toMatch(/server 'slow_resources' POST \/sleep failed after 1 attempt/);
    }
    expect(cutAfter).toBeLessThan(graceSeconds * 1000 + 2500);
    const { code } = await env.ng.exited;
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(graceSeconds * 1000 + 5000);
    expect(env.ng.output()).toMatch(/slow_resources: requests still in flight 1500 ms after SIGTERM; closing their connections and exiting/);
    expectNoProcessLeft(tree);
  }, 120_000);
});
