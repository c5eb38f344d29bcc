/**
 * Server instances, found by shape: any non-reserved top-level key whose value looks like
 * `name: {<server type>: {<impl>: {entrypoint: …}}}`. Also the "almost-server" report for blocks
 * that clearly meant to be a server but fail validation, and helpers to rebuild ServerInstance
 * objects from an already-loaded tree (children use those to find their peers).
 */
import path from 'node:path';
import { getCloseMatches } from '@gym/pysemantics';
import type { ConfigTree, ServerInstance, ServerType } from './types.ts';
import { ConfigErrors } from './errors.ts';
import { findRepoRoot, type Warn } from './includes.ts';
import { isReservedKey } from './reserved.ts';
import { isMap } from './tree.ts';
import { type ValidationIssue, inspectBlock, parsePort } from './validate-instance.ts';

export interface InstanceBlock {
  name: string;
  serverType: ServerType;
  impl: string;
  /** The live inner config object inside the tree: writes to it (host, port) land in the tree. */
  inner: ConfigTree;
}

export interface AlmostServer {
  name: string;
  issues: ValidationIssue[];
}

export function scanInstances(tree: ConfigTree): { instances: InstanceBlock[]; almostServers: AlmostServer[] } {
  const instances: InstanceBlock[] = [];
  const almostServers: AlmostServer[] = [];
  for (const [name, value] of Object.entries(tree)) {
    if (isReservedKey(name)) continue;
    const inspection = inspectBlock(value);
    if (inspection.kind === 'instance') {
      instances.push({ name, serverType: inspection.serverType, impl: inspection.impl, inner: inspection.inner });
    } else if (inspection.kind === 'invalid' && inspection.looksLikeServer) {
      almostServers.push({ name, issues: inspection.issues });
    }
  }
  return { instances, almostServers };
}

/** The yellow stderr banner for one almost-server, one `- loc: msg` line per problem. */
export function formatAlmostServerBanner(server: AlmostServer, color: boolean): string {
  const lines = server.issues.map((issue) => `  - ${issue.loc.map(String).join(' -> ') || '(block)'}: ${issue.msg}`);
  const text =
    `Almost-Server Detected: '${server.name}'\nThis server configuration failed validation:\n\n` +
    `${lines.join('\n')}\n\nThis server will NOT be started.`;
  return color ? `\x1b[33m${text}\x1b[0m` : text;
}

/** Prints the banners; throws unless `error_on_almost_servers` is false, in which case they are skipped. */
export function reportAlmostServers(tree: ConfigTree, almostServers: readonly AlmostServer[], warn: Warn, color: boolean): void {
  if (almostServers.length === 0) return;
  for (const server of almostServers) warn(formatAlmostServerBanner(server, color));
  if (tree.error_on_almost_servers === false) return;
  const details = almostServers
    .map((s) => s.issues.map((i) => `  - ${s.name}: ${i.loc.map(String).join(' -> ')}: ${i.msg}`).join('\n'))
    .join('\n');
  throw ConfigErrors.almostServers(almostServers.length, details);
}

/**
 * The reference's model-free runs seed `policy_model` with a placeholder `dummy_model` impl. When
 * a real impl is configured beside it, the placeholder's keys go under the real one and it is dropped.
 */
export function foldDummyModels(tree: ConfigTree): void {
  for (const block of Object.values(tree)) {
    if (!isMap(block) || !isMap(block.responses_api_models)) continue;
    const impls = block.responses_api_models;
    if (!Object.hasOwn(impls, 'dummy_model')) continue;
    const real = Object.keys(impls).find((impl) => impl !== 'dummy_model');
    if (real === undefined) continue;
    const dummy = impls.dummy_model;
    delete impls.dummy_model;
    if (isMap(dummy) && isMap(impls[real])) impls[real] = { ...dummy, ...impls[real] };
  }
}

/** Copies top-level skip_verification(_reward) into agents that do not set it; never overwrites. */
export function propagateSkipVerification(tree: ConfigTree, instances: readonly InstanceBlock[]): void {
  for (const key of ['skip_verification', 'skip_verification_reward']) {
    const value = tree[key];
    if (value === undefined || value === null) continue;
    for (const instance of instances) {
      if (instance.serverType === 'responses_api_agents' && !Object.hasOwn(instance.inner, key)) {
        instance.inner[key] = value;
      }
    }
  }
}

export function toServerInstance(block: InstanceBlock, repoRoot: string, defaultHost: string): ServerInstance {
  const port = parsePort(block.inner.port);
  return {
    name: block.name,
    serverType: block.serverType,
    impl: block.impl,
    dirPath: path.join(repoRoot, block.serverType, block.impl),
    entrypoint: String(block.inner.entrypoint),
    host: typeof block.inner.host === 'string' && block.inner.host !== '' ? block.inner.host : defaultHost,
    // -1 marks a port that was never assigned (a load with skipPortAssignment).
    port: typeof port === 'number' ? port : -1,
    config: block.inner,
  };
}

/** Rebuilds the instances of an already-loaded tree (e.g. in a child process). No validation errors. */
export function findInstances(tree: ConfigTree, opts: { repoRoot?: string } = {}): ServerInstance[] {
  const repoRoot = opts.repoRoot ?? findRepoRoot();
  const defaultHost = typeof tree.default_host === 'string' ? tree.default_host : '127.0.0.1';
  return scanInstances(tree).instances.map((block) => toServerInstance(block, repoRoot, defaultHost));
}

/** The inner config of instance `name` (`tree[name][type][impl]`), or an error naming close matches. */
export function getInstanceConfig(tree: ConfigTree, name: string): ConfigTree {
  const instances = scanInstances(tree).instances;
  const found = instances.find((instance) => instance.name === name);
  if (found) return found.inner;
  const names = instances.map((instance) => instance.name);
  const close = getCloseMatches(name, names);
  const hint =
    close.length > 0
      ? `Did you mean: ${close.map((n) => `'${n}'`).join(', ')}?`
      : `Available instances: ${names.map((n) => `'${n}'`).join(', ') || '(none)'}`;
  throw ConfigErrors.unknownInstance(name, hint);
}
