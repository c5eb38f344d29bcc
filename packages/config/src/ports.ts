/**
 * Host and port assignment. Explicit ports are reserved before any random one is drawn (the
 * reference draws in config order, so it can hand an auto port to one instance that a later
 * instance pins). A drawn port is bind-tested and released at once; that is inherently racy with
 * other programs on the machine, so the launcher should still report a bind failure clearly.
 */
import { createServer } from 'node:net';
import type { ConfigTree } from './types.ts';
import { ConfigErrors } from './errors.ts';
import type { InstanceBlock } from './instances.ts';
import { isMap } from './tree.ts';
import { parsePort } from './validate-instance.ts';

export const MAX_PORT_ATTEMPTS = 50;

/** Resolves true when `port` can be bound on `host` right now. */
export type PortProbe = (port: number, host: string) => Promise<boolean>;

export const isPortFree: PortProbe = (port, host) =>
  new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      // A host that is not an address of this machine (a remote name in a multi-node config)
      // cannot be bound here; fall back to testing all local interfaces, as the reference does.
      if (host !== '' && ['EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN', 'EAFNOSUPPORT'].includes(error.code ?? '')) {
        resolve(isPortFree(port, ''));
      } else {
        resolve(false);
      }
    });
    server.listen({ port, host: host === '' ? undefined : host, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });

export interface FindOpenPortOptions {
  low: number;
  high: number;
  disallowed: readonly number[];
  host: string;
  probe?: PortProbe;
  /** Returns a float in [0, 1); injectable so tests can force collisions. */
  random?: () => number;
  maxAttempts?: number;
}

export async function findOpenPort(opts: FindOpenPortOptions): Promise<number> {
  const { low, high, host } = opts;
  const probe = opts.probe ?? isPortFree;
  const random = opts.random ?? Math.random;
  const maxAttempts = opts.maxAttempts ?? MAX_PORT_ATTEMPTS;
  const blocked = new Set(opts.disallowed);
  let free = high - low + 1;
  for (const port of blocked) if (port >= low && port <= high) free--;
  // Drawing from a range with nothing left would never terminate.
  if (free <= 0) throw ConfigErrors.noOpenPort(opts.disallowed, 0);

  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    let port: number;
    do port = low + Math.floor(random() * (high - low + 1));
    while (blocked.has(port));
    if (await probe(port, host)) return port;
  }
  throw ConfigErrors.noOpenPort(opts.disallowed, maxAttempts);
}

export interface AssignPortsOptions {
  /** Fill hosts and reserve explicit ports, but draw no new ports (e.g. `gym env resolve`). */
  skip?: boolean;
  probe?: PortProbe;
  random?: () => number;
}

/**
 * Fills each instance's missing host and port (writing into the tree) and rewrites
 * `disallowed_ports` to the head port, any user-listed ports, and every port now in use.
 */
export async function assignPorts(tree: ConfigTree, instances: readonly InstanceBlock[], opts: AssignPortsOptions = {}): Promise<void> {
  const defaultHost = String(tree.default_host);
  const head = tree.head_server as ConfigTree;
  const headPort = head.port as number;
  const userDisallowed = Array.isArray(tree.disallowed_ports)
    ? tree.disallowed_ports.filter((p): p is number => Number.isInteger(p))
    : [];
  const disallowed = [headPort, ...userDisallowed];
  const owners = new Map<string, string>([[`${String(head.host)}:${headPort}`, 'head_server']]);

  const unassigned: InstanceBlock[] = [];
  for (const instance of instances) {
    const inner = instance.inner;
    if (typeof inner.host !== 'string' || inner.host === '') inner.host = defaultHost;
    const port = parsePort(inner.port);
    if (typeof port !== 'number') {
      unassigned.push(instance);
      continue;
    }
    inner.port = port; // normalises "8000" from ${oc.env:…} to a number
    const owner = owners.get(`${inner.host}:${port}`);
    if (owner !== undefined) throw ConfigErrors.portConflict(port, String(inner.host), owner, instance.name);
    owners.set(`${inner.host}:${port}`, instance.name);
    disallowed.push(port);
  }

  if (!opts.skip) {
    for (const instance of unassigned) {
      const port = await findOpenPort({
        low: tree.port_range_low as number,
        high: tree.port_range_high as number,
        disallowed,
        host: String(instance.inner.host),
        probe: opts.probe,
        random: opts.random,
      });
      instance.inner.port = port;
      disallowed.push(port);
    }
  }
  tree.disallowed_ports = [...new Set(disallowed)];
}

export function headServerOf(tree: ConfigTree): { host: string; port: number } | undefined {
  const head = tree.head_server;
  return isMap(head) && typeof head.host === 'string' && typeof head.port === 'number'
    ? { host: head.host, port: head.port }
    : undefined;
}
