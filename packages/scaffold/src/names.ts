/**
 * What a new server may be called. The folder name is also its config
 * instance name and its package name, so it must be a plain snake_case word
 * that the config loader will not read as one of its own settings.
 */
import { isReservedKey } from '@gym/config';
import { scaffoldErrors } from './errors.ts';

export const SERVER_KIND_DIRS = ['resources_servers', 'responses_api_agents', 'responses_api_models'] as const;
export type ServerKindDir = (typeof SERVER_KIND_DIRS)[number];

const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 64;

/** Names that already mean something in a config or a server folder. */
const TAKEN_NAMES = new Set<string>([
  ...SERVER_KIND_DIRS,
  'policy_model',
  'node_modules',
  'configs',
  'data',
  'tests',
  'src',
  'packages',
  'results',
]);

export interface ServerFolderName {
  /** `my_env`. */
  name: string;
  /** `resources_servers/my_env`. */
  relDir: string;
  /** `MyEnv`: the prefix of class names in the templates. */
  className: string;
}

/** Check `+entrypoint=<kindDir>/<name>` and split it; throws a user error that says what to write instead. */
export function parseServerEntrypoint(entrypoint: unknown, kindDir: ServerKindDir): ServerFolderName {
  if (entrypoint === undefined || entrypoint === null || entrypoint === '') throw scaffoldErrors.missingEntrypoint(kindDir);
  const text = String(entrypoint);
  const parts = text.replace(/\/+$/, '').split('/');
  if (text.startsWith('/') || text.includes('\\') || parts.length !== 2 || parts[0] !== kindDir) throw scaffoldErrors.badEntrypoint(text, kindDir);
  const name = parts[1];
  checkServerName(name);
  return { name, relDir: `${kindDir}/${name}`, className: pascalCase(name) };
}

export function checkServerName(name: string): void {
  if (!SNAKE_CASE.test(name)) {
    throw scaffoldErrors.badName(name, 'use lowercase snake_case (letters, digits and single underscores, starting with a letter), e.g. my_env');
  }
  if (name.length > MAX_NAME_LENGTH) throw scaffoldErrors.badName(name, `keep it to ${MAX_NAME_LENGTH} characters or fewer`);
  if (isReservedKey(name)) throw scaffoldErrors.badName(name, 'it is a reserved top-level config key, so the config loader would not read it as a server');
  if (TAKEN_NAMES.has(name)) throw scaffoldErrors.badName(name, 'that name already has a meaning in configs or server folders');
}

/** `my_env_2` → `MyEnv2`. */
export function pascalCase(name: string): string {
  return name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
