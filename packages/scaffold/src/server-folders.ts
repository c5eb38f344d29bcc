/**
 * The server folders of a workspace (one package per folder under the three
 * server-kind directories) and the reference's shard selection over them.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { scaffoldErrors } from './errors.ts';
import { SERVER_KIND_DIRS, type ServerKindDir } from './names.ts';

export interface ServerFolder {
  /** `resources_servers/my_env`. */
  relDir: string;
  dir: string;
  kindDir: ServerKindDir;
  name: string;
}

/** Every server folder with a package.json, sorted by relative path. */
export function listServerFolders(repoRoot: string): ServerFolder[] {
  const out: ServerFolder[] = [];
  for (const kindDir of SERVER_KIND_DIRS) {
    const kindPath = path.join(repoRoot, kindDir);
    if (!existsSync(kindPath)) continue;
    for (const entry of readdirSync(kindPath, { withFileTypes: true })) {
      if (!entry.isDirectory() || !existsSync(path.join(kindPath, entry.name, 'package.json'))) continue;
      out.push({ relDir: `${kindDir}/${entry.name}`, dir: path.join(kindPath, entry.name), kindDir, name: entry.name });
    }
  }
  return out.sort((a, b) => (a.relDir < b.relDir ? -1 : a.relDir > b.relDir ? 1 : 0));
}

/** `+entrypoint=<kind>/<name>` of an existing server folder. */
export function resolveServerFolder(repoRoot: string, entrypoint: unknown): ServerFolder {
  if (entrypoint === undefined || entrypoint === null || entrypoint === '') {
    throw scaffoldErrors.notAServer('', 'it is missing (e.g. +entrypoint=resources_servers/example_single_tool_call)');
  }
  const text = String(entrypoint);
  const parts = text.replace(/\/+$/, '').split('/');
  if (text.startsWith('/') || parts.length !== 2 || !(SERVER_KIND_DIRS as readonly string[]).includes(parts[0])) {
    throw scaffoldErrors.notAServer(text, 'it must be <kind>/<name>, relative to the repo root');
  }
  const dir = path.join(repoRoot, parts[0], parts[1]);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw scaffoldErrors.notAServer(text, `${dir} does not exist`);
  return { relDir: `${parts[0]}/${parts[1]}`, dir, kindDir: parts[0] as ServerKindDir, name: parts[1] };
}

/**
 * This shard's folders: a stride over the sorted list (index, index+n, ...),
 * which spreads heavy folders across shards better than contiguous chunks.
 */
export function selectShard<T extends { relDir: string }>(folders: T[], shardIndex: number, numShards: number): T[] {
  if (!Number.isInteger(numShards) || numShards < 1) throw scaffoldErrors.badOption('num_shards', 'an integer >= 1', numShards);
  if (!Number.isInteger(shardIndex) || shardIndex < 0 || shardIndex >= numShards) {
    throw scaffoldErrors.badOption('shard_index', `an integer in [0, ${numShards - 1}] (num_shards=${numShards})`, shardIndex);
  }
  const sorted = [...folders].sort((a, b) => (a.relDir < b.relDir ? -1 : a.relDir > b.relDir ? 1 : 0));
  return sorted.filter((_, i) => i % numShards === shardIndex);
}
