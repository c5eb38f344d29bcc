/**
 * How a server process receives its config. The launcher writes the resolved tree to a JSON file
 * and passes its path in GYM_CONFIG_FILE (a multi-megabyte env var hits OS limits and shows up in
 * `ps`). For compatibility with the Python launcher, a child also accepts the reference's
 * NEMO_GYM_CONFIG_DICT (unresolved YAML text), which it resolves itself with its own env.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import type { ConfigTree } from './types.ts';
import { ConfigErrors } from './errors.ts';
import { resolveInterpolations } from './interpolate.ts';
import { isMap } from './tree.ts';

export const GYM_CONFIG_FILE_ENV = 'GYM_CONFIG_FILE';
export const NEMO_GYM_CONFIG_DICT_ENV = 'NEMO_GYM_CONFIG_DICT';
/** Holds the instance name (the reference's misleading name is kept for compatibility). */
export const NEMO_GYM_CONFIG_PATH_ENV = 'NEMO_GYM_CONFIG_PATH';

export interface ChildConfig {
  tree: ConfigTree;
  /** The instance this process serves (NEMO_GYM_CONFIG_PATH). */
  instanceName: string;
}

/** Writes the tree as JSON into `dir` (created if needed) and returns the file's path. */
export function writeChildConfigFile(tree: ConfigTree, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `gym-config-${process.pid}-${randomBytes(4).toString('hex')}.json`);
  // Owner-only: the tree holds API keys.
  writeFileSync(file, `${JSON.stringify(tree, null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** The env entries a launcher sets on a child so that readChildConfig finds its config. */
export function childConfigEnv(configFile: string, instanceName: string): Record<string, string> {
  return { [GYM_CONFIG_FILE_ENV]: configFile, [NEMO_GYM_CONFIG_PATH_ENV]: instanceName };
}

/** Reads the config handed down by the launcher, or null when this process was not given one. */
export function readChildConfig(env: Record<string, string | undefined> = process.env): ChildConfig | null {
  const file = env[GYM_CONFIG_FILE_ENV];
  const yamlText = env[NEMO_GYM_CONFIG_DICT_ENV];
  if (!file && !yamlText) return null;
  const instanceName = env[NEMO_GYM_CONFIG_PATH_ENV];
  if (!instanceName) {
    throw ConfigErrors.childConfigUnreadable(
      NEMO_GYM_CONFIG_PATH_ENV,
      'it is not set, so this process does not know which instance it serves',
    );
  }
  if (file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw ConfigErrors.childConfigUnreadable(`${GYM_CONFIG_FILE_ENV}=${file}`, (error as Error).message);
    }
    if (!isMap(parsed)) throw ConfigErrors.childConfigUnreadable(`${GYM_CONFIG_FILE_ENV}=${file}`, 'not a JSON object');
    return { tree: parsed, instanceName };
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(yamlText ?? '');
  } catch (error) {
    throw ConfigErrors.childConfigUnreadable(NEMO_GYM_CONFIG_DICT_ENV, (error as Error).message.split('\n')[0]);
  }
  if (!isMap(parsed)) throw ConfigErrors.childConfigUnreadable(NEMO_GYM_CONFIG_DICT_ENV, 'not a YAML mapping');
  // The reference hands children unresolved YAML and lets them resolve with their own env.
  return { tree: resolveInterpolations(parsed, env), instanceName };
}
