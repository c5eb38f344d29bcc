/**
 * Exposure: servers bind 127.0.0.1 unless a host is configured (checked in the kernel's socket
 * table); binding an address other machines can reach without `auth_token` prints a warning;
 * with `auth_token` every server and the head server refuse callers without the bearer token,
 * while ServerClient and `ng status` send it.
 */
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { ServerClient } from '@gym/client';
import { spawnNg } from '@gym/testing';
import { startEnvironment, type Environment } from './helpers/environment.ts';
import { slowWorkspace, type Workspace } from './helpers/workspace.ts';

const TOKEN = 'tok-exposure-test-5b1c9e';
const workspaces: Workspace[] = [];
const environments: Environment[] = [];
afterAll(async () => {
  for (const env of environments) await env.stop('SIGKILL');
  for (const ws of workspaces) ws.cleanup();
});

async function environment(name: string, envYaml: string[], token?: string) {
  const ws = slowWorkspace(name, envYaml);
  workspaces.push(ws);
  const env = await startEnvironment([], { env: { GYM_ROOT: ws.root }, cwd: ws.root, token });
  environments.push(env);
  return env;
}

/** Local addresses the kernel says are listening on `port` (IPv4 and IPv6 tables). */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const out: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue; // 0A = LISTEN
      const [addr, p] = local.split(':');
      if (p !== hexPort) continue;
      out.push(addr.length === 8 ? addr.match(/../g)!.reverse().map((h) => parseInt(h, 16)).join('.') : `ipv6:${addr}`);
    }
  }
  return out;
}

const WARNING = /(binds an address|bind addresses) other machines can reach, and no auth_token is set/;
const ports = async (env: Environment) => [env.headPort, ...(await env.instances()).map((r) => r.port as number)];

describe('where servers listen', () => {
  it('binds every server and the head server to 127.0.0.1 by default, without a warning', async () => {
    const env = await environment('loopback', []);
    for (const port of await ports(env)) expect(listeningAddresses(port)).toEqual(['127.0.0.1']);
    expect(env.ng.output()).not.toMatch(WARNING);
    await env.stop();
  }, 120_000);

  it('warns when it binds every interface without an auth token', async () => {
    const env = await environment('open', ['default_host: 0.0.0.0']);
    for (const port of await ports(env)) expect(listeningAddresses(port)).toEqual(['0.0.0.0']);
    expect(env.ng.output()).toMatch(WARNING);
    expect(env.ng.output()).toMatch(/head server \(0\.0\.0\.0\), slow_resources \(0\.0\.0\.0\), policy_model \(0\.0\.0\.0\)/);
    await env.stop();
  }, 120_000);
});

describe('with auth_token', () => {
  it('every server refuses callers without the token, on every address it listens on; ServerClient and ng status send it', async () => {
    const env = await environment('token', ['default_host: 0.0.0.0', `auth_token: ${TOKEN}`], TOKEN);
    expect(env.ng.output()).not.toMatch(WARNING);
    const rows = await env.instances();
    const hosts = ['127.0.0.1', ...externalAddresses()];
    for (const host of hosts) {
      for (const [base, path] of [
        [`http://${host}:${env.headPort}`, '/server_instances'],
        ...rows.map((r) => [`http://${host}:${r.port}`, r.process_name === 'slow_resources' ? '/sleep' : '/v1/responses'] as const),
      ]) {
        const health = await request(`${base}/`);
        expect(health.statusCode, `${base}/ health`).toBe(200);
        await health.body.dump();
        for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: TOKEN }]) {
          const res = await request(`${base}${path}`, { method: path === '/server_instances' ? 'GET' : 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: path === '/server_instances' ? undefined : '{}' });
          expect(res.statusCode, `${base}${path} with ${JSON.stringify(headers)}`).toBe(401);
          expect(((await res.body.json()) as { detail: string }).detail).toMatch(/bearer token/);
        }
      }
    }

    await expect(ServerClient.fromGlobalConfig({ headUrl: env.headUrl, authToken: '' })).rejects.toMatchObject({ code: 'GYM_CLIENT_UNAUTHORIZED' });
    await expect(ServerClient.fromGlobalConfig({ headUrl: env.headUrl, authToken: 'wrong' })).rejects.toThrow(/refused the auth token/);
    const client = await ServerClient.fromGlobalConfig({ headUrl: env.headUrl, authToken: TOKEN });
    const slept = await client.post('slow_resources', '/sleep', { ms: 1 });
    expect(slept.status).toBe(200);
    // A client holding the wrong token is refused too. (Server-to-server hops under a token are
    // exercised end to end by secrets.test.ts, whose collection runs agent → resources/model.)
    const denied = await new ServerClient(client.tree, { authToken: 'wrong' }).post('slow_resources', '/sleep', { ms: 1 }, { maxRetries: 0 });
    expect(denied.status).toBe(401);
    expect(client.tree.auth_token).toBe('****');

    const status = spawnNg(['status', '--head', env.headUrl, '--json'], { env: { GYM_AUTH_TOKEN: TOKEN } });
    expect((await status.exited).code, status.output()).toBe(0);
    expect(JSON.parse(status.output()).length).toBe(2);
    const refused = spawnNg(['status', '--head', env.headUrl], { env: { GYM_AUTH_TOKEN: '' } });
    expect((await refused.exited).code).toBe(1);
    expect(refused.output()).toMatch(/requires the auth token: set GYM_AUTH_TOKEN/);
    await env.stop();
  }, 120_000);
});

/** This machine's non-loopback IPv4 addresses: reaching a server through one is what another host does. */
function externalAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address)
    .slice(0, 1);
}

