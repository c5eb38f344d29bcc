import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { findOpenPort, isPortFree } from '../src/index.ts';
import { errorFrom, load, makeRoot, resourcesServerYaml } from './helpers.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Occupies some free port on 127.0.0.1 and returns it. */
async function occupyPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

const manyServers = (count: number) =>
  Array.from({ length: count }, (_, i) => resourcesServerYaml(`env_${i}`, `impl_${i}`)).join('');

describe('port assignment', () => {
  it('assigns distinct ports in [10001, 20000], never the head port, and records them as disallowed', async () => {
    const root = makeRoot({ 'c.yaml': manyServers(8) });
    const { instances, tree } = await load(root, { argv: ['+config_paths=[c.yaml]'], skipPortAssignment: false });
    const ports = instances.map((i) => i.port);
    expect(new Set(ports).size).toBe(8);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(10001);
      expect(port).toBeLessThanOrEqual(20000);
      expect(port).not.toBe(11000);
    }
    expect(tree.disallowed_ports).toEqual([11000, ...ports]);
    // Written into the tree too, which is what children read.
    expect(instances.map((i) => i.config.port)).toEqual(ports);
  });

  it('reserves explicit ports before drawing, so an earlier instance cannot take a later one\'s port', async () => {
    const low = 10001 + Math.floor(Math.random() * 9000);
    const root = makeRoot({
      'c.yaml': `${resourcesServerYaml('first')}${resourcesServerYaml('second', 'other', `      port: ${low}\n`)}`,
    });
    const { instances, tree } = await load(root, {
      argv: ['+config_paths=[c.yaml]', `++port_range_low=${low}`, `++port_range_high=${low + 1}`],
      skipPortAssignment: false,
    });
    expect(instances.map((i) => i.port)).toEqual([low + 1, low]);
    expect(tree.disallowed_ports).toEqual([11000, low, low + 1]);
  });

  it('fills a missing host with default_host and turns a numeric string port into a number', async () => {
    const root = makeRoot({ 'c.yaml': resourcesServerYaml('env', 'impl', '      port: ${oc.env:ENV_PORT}\n') });
    const { instances } = await load(root, {
      argv: ['+config_paths=[c.yaml]', '++default_host=0.0.0.0'],
      env: { ENV_PORT: '14567' },
    });
    expect(instances[0]).toMatchObject({ host: '0.0.0.0', port: 14567 });
    expect(instances[0].config).toMatchObject({ host: '0.0.0.0', port: 14567 });
  });

  it('leaves missing ports unassigned (-1) with skipPortAssignment', async () => {
    const root = makeRoot({ 'c.yaml': resourcesServerYaml('env') });
    const { instances, tree } = await load(root, { argv: ['+config_paths=[c.yaml]'] });
    expect(instances[0].port).toBe(-1);
    expect(instances[0].config).not.toHaveProperty('port');
    expect(tree.disallowed_ports).toEqual([11000]);
  });

  it('rejects two instances pinned to the same host and port', async () => {
    const root = makeRoot({
      'c.yaml': `${resourcesServerYaml('a', 'x', '      port: 15555\n')}${resourcesServerYaml('b', 'y', '      port: 15555\n')}`,
    });
    const error = await errorFrom(load(root, { argv: ['+config_paths=[c.yaml]'] }));
    expect(error.code).toBe('GYM_CONFIG_PORTS');
    expect(error.message).toContain("'a' and 'b' are both configured to listen on 127.0.0.1:15555");
  });

  it('gives up after 50 failed binds with the reference message', async () => {
    const busy = await occupyPort();
    let probes = 0;
    const error = await errorFrom(
      findOpenPort({
        low: busy,
        high: busy,
        disallowed: [11000],
        host: '127.0.0.1',
        probe: async (port, host) => {
          probes++;
          return isPortFree(port, host);
        },
      }),
    );
    expect(probes).toBe(50);
    expect(error.code).toBe('GYM_CONFIG_PORTS');
    expect(error.message).toContain(
      "Unable to find an open port that doesn't conflict with disallowed ports [11000] after 50 attempts",
    );
  });

  it('fails at once when every port in the range is disallowed', async () => {
    const error = await errorFrom(findOpenPort({ low: 15000, high: 15001, disallowed: [15000, 15001], host: '127.0.0.1' }));
    expect(error.message).toContain('disallowed ports [15000, 15001]');
  });

  it('probes by binding', async () => {
    const busy = await occupyPort();
    expect(await isPortFree(busy, '127.0.0.1')).toBe(false);
  });
});
