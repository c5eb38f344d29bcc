/**
 * Settings every run has, written into the tree so children and the head server read one
 * explicit value instead of each re-deriving a default. Filling happens before interpolation
 * (so a config may say `${head_server.port}`); type checks happen after it (so `${oc.env:…}`
 * values are checked once they are real).
 */
import { lookup } from 'node:dns/promises';
import { homedir, hostname, networkInterfaces } from 'node:os';
import path from 'node:path';
import type { ConfigTree } from './types.ts';
import { ConfigErrors } from './errors.ts';
import type { Warn } from './includes.ts';
import { isMap } from './tree.ts';
import { parsePort } from './validate-instance.ts';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_HEAD_SERVER_PORT = 11000;
export const DEFAULT_PORT_RANGE_LOW = 10_001;
export const DEFAULT_PORT_RANGE_HIGH = 20_000;
export const DEFAULT_MODEL_ENDPOINT_READINESS_TIMEOUT_SECONDS = 600;

export const POLICY_PLACEHOLDER_KEYS = ['policy_base_url', 'policy_api_key', 'policy_model_name'] as const;

/**
 * The lowest layer of a model-free run (data tools, resolve): empty policy placeholders so model
 * configs still interpolate, and a placeholder `policy_model` so agents' refs to it resolve.
 */
export function modelFreeSeed(): ConfigTree {
  return {
    policy_base_url: '',
    policy_api_key: '',
    policy_model_name: '',
    policy_model: { responses_api_models: { dummy_model: { entrypoint: 'app.py' } } },
  };
}

function setDefault(tree: ConfigTree, key: string, value: unknown): void {
  if (tree[key] === undefined || tree[key] === null) tree[key] = value;
}

/** The machine's own address, for multi-node runs where 127.0.0.1 is not reachable from peers. */
async function machineAddress(): Promise<string> {
  try {
    return (await lookup(hostname(), { family: 4 })).address;
  } catch {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    return external?.address ?? DEFAULT_HOST;
  }
}

export async function writeDefaults(tree: ConfigTree, ctx: { repoRoot: string; warn: Warn }): Promise<void> {
  setDefault(tree, 'use_absolute_ip', false);
  if (tree.use_absolute_ip === true) tree.default_host = await machineAddress();
  if (tree.default_host === undefined || tree.default_host === null || tree.default_host === '') {
    tree.default_host = DEFAULT_HOST;
  }
  setDefault(tree, 'head_server', {});
  if (isMap(tree.head_server)) {
    setDefault(tree.head_server, 'host', tree.default_host);
    setDefault(tree.head_server, 'port', DEFAULT_HEAD_SERVER_PORT);
  }
  setDefault(tree, 'port_range_low', DEFAULT_PORT_RANGE_LOW);
  setDefault(tree, 'port_range_high', DEFAULT_PORT_RANGE_HIGH);
  setDefault(tree, 'dry_run', false);
  setDefault(tree, 'model_endpoint_readiness_timeout_seconds', DEFAULT_MODEL_ENDPOINT_READINESS_TIMEOUT_SECONDS);
  setDefault(tree, 'results_dir', path.join(ctx.repoRoot, 'results'));
  setDefault(tree, 'cache_dir', path.join(ctx.repoRoot, 'cache'));
  if (tree.ray_head_node_address !== undefined && tree.ray_head_node_address !== null) {
    ctx.warn(`'ray_head_node_address' is set, but Gym does not use Ray to run or find servers; the value is ignored.`);
  }
}

function integerSetting(value: unknown, key: string, min: number, max: number): number {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw ConfigErrors.invalidValue(key, `an integer between ${min} and ${max}`, value);
  }
  return n;
}

/** Checks the resolved settings and normalises numeric strings and relative directories. */
export function normalizeSettings(tree: ConfigTree, cwd: string): void {
  if (typeof tree.default_host !== 'string' || tree.default_host === '') {
    throw ConfigErrors.invalidValue('default_host', 'a host name or address', tree.default_host);
  }
  const head = tree.head_server;
  if (!isMap(head)) throw ConfigErrors.invalidValue('head_server', 'a mapping like {host: 127.0.0.1, port: 11000}', head);
  if (typeof head.host !== 'string' || head.host === '') {
    throw ConfigErrors.invalidValue('head_server.host', 'a host name or address', head.host);
  }
  const headPort = parsePort(head.port);
  if (headPort === 'invalid') throw ConfigErrors.invalidValue('head_server.port', 'an integer port between 1 and 65535', head.port);
  head.port = headPort ?? DEFAULT_HEAD_SERVER_PORT;

  const low = integerSetting(tree.port_range_low, 'port_range_low', 1, 65535);
  const high = integerSetting(tree.port_range_high, 'port_range_high', 1, 65535);
  if (low > high) throw ConfigErrors.invalidValue('port_range_high', `at least port_range_low (${low})`, high);
  tree.port_range_low = low;
  tree.port_range_high = high;

  for (const key of ['results_dir', 'cache_dir']) {
    const dir = tree[key];
    if (typeof dir !== 'string' || dir === '') throw ConfigErrors.invalidValue(key, 'a non-empty path', dir);
    // Children run with other working directories, so relative paths would point elsewhere.
    tree[key] = path.resolve(cwd, dir.startsWith('~/') ? path.join(homedir(), dir.slice(2)) : dir);
  }
}
