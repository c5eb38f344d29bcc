/**
 * Finding and reading config files: the search roots, YAML parsing with located errors, env.yaml
 * lookup, and the `config_paths` include tree flattened into merge order.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { ConfigTree } from './types.ts';
import { ConfigErrors } from './errors.ts';
import { isMap } from './tree.ts';

export type Env = Record<string, string | undefined>;
export type Warn = (message: string) => void;

export const GYM_ROOT_ENV = 'GYM_ROOT';
export const EXTRA_ROOTS_ENV = 'NEMO_GYM_EXTRA_ROOTS';
export const ENV_YAML_FILE = 'env.yaml';

/** The repository root: `GYM_ROOT`, else the folder holding pnpm-workspace.yaml above this package. */
export function findRepoRoot(env: Env = process.env): string {
  if (env[GYM_ROOT_ENV]) return path.resolve(env[GYM_ROOT_ENV]);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** Where relative config paths and env.yaml are looked up, in priority order, de-duplicated. */
export function searchRoots(opts: { searchDirs?: readonly string[]; cwd: string; env: Env; repoRoot: string }): string[] {
  const extra = (opts.env[EXTRA_ROOTS_ENV] ?? '').split(path.delimiter).filter((p) => p !== '');
  const roots = [...(opts.searchDirs ?? []), ...extra, opts.cwd, opts.repoRoot].map((p) => path.resolve(opts.cwd, p));
  return [...new Set(roots)];
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Resolves one `config_paths` entry against the roots, or explains where it looked. */
export function resolveConfigPath(entry: string, roots: readonly string[]): string {
  const candidates = path.isAbsolute(entry) ? [entry] : roots.map((root) => path.join(root, entry));
  const found = candidates.find(isFile);
  if (!found) throw ConfigErrors.configPathNotFound(entry, candidates);
  return found;
}

export function findEnvYaml(roots: readonly string[]): string | undefined {
  return roots.map((root) => path.join(root, ENV_YAML_FILE)).find(isFile);
}

/** Reads a YAML config file; an empty file is an empty config. */
export function readYamlFile(file: string): ConfigTree {
  const doc = parseDocument(readFileSync(file, 'utf8'), { merge: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    // The library appends a code excerpt after " at line"; the location is reported separately.
    const problem = error.message.split(/ at line \d+, column \d+/)[0];
    const at = error.linePos?.[0];
    throw ConfigErrors.malformedYaml(file, problem, at?.line, at?.col);
  }
  const value: unknown = doc.toJS({ maxAliasCount: 10_000 });
  if (value === null || value === undefined) return {};
  if (!isMap(value)) throw ConfigErrors.notAMapping(file, Array.isArray(value) ? 'list' : typeof value);
  return value;
}

/** Validates a `config_paths` value: absent means none; anything but a list of strings is an error. */
export function readConfigPathsSetting(value: unknown, file?: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((p) => typeof p === 'string')) {
    throw ConfigErrors.badConfigPaths(value, file);
  }
  return value;
}

export interface IncludedConfigs {
  /** Every entry discovered (as written), in discovery order: the final `config_paths`. */
  configPaths: string[];
  /** The resolved file of each entry, same order as configPaths. */
  files: string[];
  /** File contents ordered for a left-to-right merge. */
  layers: ConfigTree[];
}

/**
 * Reads the include tree breadth-first, then orders it post-order so that a file merges after
 * (and so beats) everything it pulled in, and a later sibling with its whole subtree beats an
 * earlier one.
 */
export function loadIncludedConfigs(entries: readonly string[], roots: readonly string[], warn: Warn): IncludedConfigs {
  const configPaths = [...entries];
  const children: number[][] = configPaths.map(() => []);
  const files: string[] = [];
  const contents: ConfigTree[] = [];
  const duplicates: string[] = [];

  // configPaths grows while we walk it: that is the breadth-first discovery.
  for (let index = 0; index < configPaths.length; index++) {
    const file = resolveConfigPath(configPaths[index], roots);
    const content = readYamlFile(file);
    for (const nested of readConfigPathsSetting(content.config_paths, file)) {
      if (configPaths.includes(nested)) {
        duplicates.push(nested);
        continue;
      }
      configPaths.push(nested);
      children.push([]);
      children[index].push(configPaths.length - 1);
    }
    files.push(file);
    contents.push(content);
  }

  if (duplicates.length > 0) {
    warn(
      `Found configs that reference the same source config path. You may want to double check whether the configs ` +
        `you have need to use different configs for the same server.\nIn cases like these, consider the ` +
        `inherit_from directive, e.g. '++my_specific_server=\${inherit_from:generic_server}', and then override ` +
        `config parameters in my_specific_server.\nDuplicate config paths:\n${duplicates.map((p) => `- ${p}\n`).join('')}`,
    );
  }

  const order: number[] = [];
  const visit = (index: number): void => {
    for (const child of children[index]) visit(child);
    order.push(index);
  };
  for (let root = 0; root < entries.length; root++) visit(root);

  return { configPaths, files, layers: order.map((i) => contents[i]) };
}
