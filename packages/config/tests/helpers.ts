/**
 * Test fixtures: a throwaway repository root per test with YAML files written into it, and a
 * loader call that never sees the developer's own env.yaml, cwd or environment.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { loadGlobalConfig } from '../src/index.ts';
import type { LoadConfigOptions, LoadedConfig } from '../src/index.ts';

const created: string[] = [];

afterEach(() => {
  while (created.length > 0) rmSync(created.pop()!, { recursive: true, force: true });
});

/** A fresh directory holding `files` (relative path → YAML text). */
export function makeRoot(files: Record<string, string> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'gym-config-test-'));
  created.push(root);
  for (const [name, text] of Object.entries(files)) writeFile(root, name, text);
  return root;
}

export function writeFile(root: string, name: string, text: string): string {
  const file = path.join(root, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

export interface TestLoad extends LoadedConfig {
  warnings: string[];
}

/** loadGlobalConfig rooted at `root` (cwd and GYM_ROOT), collecting warnings instead of printing. */
export async function load(root: string, opts: LoadConfigOptions = {}): Promise<TestLoad> {
  const warnings: string[] = [];
  const loaded = await loadGlobalConfig({
    cwd: root,
    skipPortAssignment: true,
    ...opts,
    env: { GYM_ROOT: root, ...opts.env },
    warn: (message) => warnings.push(message),
  });
  return { ...loaded, warnings };
}

/** The thrown error, for assertions on code and message. Fails the test if nothing is thrown. */
export async function errorFrom(promise: Promise<unknown> | (() => unknown)): Promise<Error & { code?: string }> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected an error, but none was thrown');
}

/** A minimal valid resources server block. */
export const resourcesServerYaml = (name: string, impl = 'my_env', extra = ''): string =>
  `${name}:\n  resources_servers:\n    ${impl}:\n      entrypoint: app.ts\n      domain: math\n${extra}`;
