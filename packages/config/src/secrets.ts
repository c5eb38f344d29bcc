/**
 * Secret handling for anything that shows the config to a person (gym env resolve, the head
 * server, error dumps) and for log redaction elsewhere.
 */
import type { ConfigTree } from './types.ts';
import { isMap } from './tree.ts';

export const SECRET_MASK = '****';
/** Key names that hold credentials. Matches policy_api_key, hf_token, auth_token, db_password… */
export const SECRET_KEY_PATTERN = /api_key|token|secret|password/i;

function isSecretEntry(key: string, value: unknown): value is string {
  return SECRET_KEY_PATTERN.test(key) && typeof value === 'string' && value !== '';
}

/** A deep copy with every non-empty secret string replaced by `****`. Empty values stay visible. */
export function maskSecrets<T>(tree: T): T {
  if (Array.isArray(tree)) return tree.map((item) => maskSecrets(item)) as T;
  if (!isMap(tree)) return tree;
  const out: ConfigTree = {};
  for (const [key, value] of Object.entries(tree)) out[key] = isSecretEntry(key, value) ? SECRET_MASK : maskSecrets(value);
  return out as T;
}

/** The distinct secret values in the tree, longest first so redaction replaces whole secrets. */
export function collectSecretValues(tree: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isMap(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (isSecretEntry(key, value)) found.add(value);
        else walk(value);
      }
    }
  };
  walk(tree);
  return [...found].sort((a, b) => b.length - a.length);
}
