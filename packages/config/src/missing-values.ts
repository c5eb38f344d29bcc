/**
 * The `???` check. It runs after directives (so a `???` inside a deleted or replaced branch is
 * not reported) and reports every unset value in one error, so users fix them in one go instead
 * of one failed run per value.
 */
import type { ConfigTree } from './types.ts';
import { ConfigErrors } from './errors.ts';
import { MISSING, type KeySegment, formatKeyPath, isMap } from './tree.ts';

/** Paths (`a.b`, `l[0]`) of every leaf still equal to `???`, in tree order. */
export function collectMissingPaths(tree: ConfigTree): string[] {
  const found: string[] = [];
  const walk = (node: unknown, path: KeySegment[]): void => {
    if (node === MISSING) found.push(formatKeyPath(path));
    else if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...path, i]));
    else if (isMap(node)) for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
  };
  walk(tree, []);
  return found;
}

export function assertNoMissingValues(tree: ConfigTree): void {
  const paths = collectMissingPaths(tree);
  if (paths.length > 0) throw ConfigErrors.missingValues(paths);
}
