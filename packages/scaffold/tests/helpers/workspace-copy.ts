/**
 * A throwaway copy of the workspace for tests whose commands write into the
 * repository (new server folders, results/, env.yaml): the sources without
 * node_modules, .git or local state, under the repo's git-ignored .tmp/, then
 * installed offline so every package links inside the copy.
 */
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '@gym/testing';
import { installWorkspace } from '../../src/workspace-install.ts';

/** Never copied: dependencies, history, other tests' copies, and the user's own results and settings. */
const SKIPPED_ANYWHERE = new Set(['node_modules', '.git', '.tmp', 'coverage']);
const SKIPPED_AT_ROOT = new Set(['results', 'env.yaml', '.cache']);

export interface WorkspaceCopy {
  root: string;
  remove(): void;
}

export async function copyWorkspace(prefix: string): Promise<WorkspaceCopy> {
  const root = path.join(REPO_ROOT, '.tmp', `${prefix}-${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(root, { recursive: true });
  const skip = (rel: string) => {
    const parts = rel.split(path.sep);
    const name = parts[parts.length - 1];
    return SKIPPED_ANYWHERE.has(name) || name.endsWith('.log') || (parts.length === 1 && SKIPPED_AT_ROOT.has(name));
  };
  try {
    // Entry by entry: the copy lives inside the repo, and copying a folder into itself is refused.
    for (const entry of readdirSync(REPO_ROOT)) {
      if (skip(entry)) continue;
      cpSync(path.join(REPO_ROOT, entry), path.join(root, entry), { recursive: true, filter: (src) => !skip(path.relative(REPO_ROOT, src)) });
    }
    const install = await installWorkspace(root);
    if (!install.ok) throw new Error(`${install.command.display} failed in the workspace copy:\n${install.output}`);
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The environment for commands run in a copy: without the variables vitest sets for its own workers. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VITEST') || k === 'NODE_ENV' || k === 'TEST') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}
