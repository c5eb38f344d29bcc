/**
 * Where precompiled bundles live and whether one is still fresh. Plain
 * JavaScript on purpose: the installed `ng` command (packages/cli/bin/ng.js)
 * checks for its own bundle here before any TypeScript loader is running,
 * so a warm start of the CLI costs plain node and one import. The build
 * itself (esbuild) is in precompile.ts.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';

/** Set to `0` to run every `.ts` entrypoint through tsx (no bundling). */
export const PRECOMPILE_ENV = 'GYM_PRECOMPILE';
/** Where bundles are cached, instead of the default folder under the temp dir. */
export const PRECOMPILE_DIR_ENV = 'GYM_PRECOMPILE_DIR';
/** Bumped whenever the bundle's shape changes, so older cached bundles are rebuilt. */
export const FORMAT_VERSION = 2;

/** @param {NodeJS.ProcessEnv} [env] */
export function precompileEnabled(env = process.env) {
  return env[PRECOMPILE_ENV] !== '0' && env[PRECOMPILE_ENV] !== 'false';
}

/** @param {NodeJS.ProcessEnv} [env] */
export function defaultCacheDir(env = process.env) {
  if (env[PRECOMPILE_DIR_ENV]) return resolve(env[PRECOMPILE_DIR_ENV]);
  let user = 'user';
  try {
    user = userInfo().username;
  } catch {
    /* no user database entry: keep the generic name */
  }
  return join(tmpdir(), `gym-precompiled-${user}`);
}

/**
 * The bundle and manifest files of an entrypoint in a cache folder.
 * @param {string} source absolute path of the entrypoint
 * @param {string} dir cache folder
 */
export function bundlePaths(source, dir) {
  const key = createHash('sha256').update(source).digest('hex').slice(0, 24);
  return { bundle: join(dir, `${key}.mjs`), manifest: join(dir, `${key}.json`) };
}

/**
 * The installed esbuild's version, read from its package.json (loading esbuild's API takes tens of ms).
 * @param {string} [resolveFrom] a file URL or path in a package that depends on esbuild
 */
export function installedEsbuildVersion(resolveFrom = import.meta.url) {
  try {
    const require = createRequire(resolveFrom);
    return /** @type {{version: string}} */ (JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8'))).version;
  } catch {
    return undefined;
  }
}

/**
 * The cached bundle of `entry` when it was built by this esbuild and node
 * from source files that are all unchanged (same size and mtime), else undefined.
 * @param {string} entry
 * @param {string} [dir]
 * @param {string} [resolveFrom] where esbuild is found from (see installedEsbuildVersion)
 * @returns {string | undefined}
 */
export function freshBundle(entry, dir = defaultCacheDir(), resolveFrom = import.meta.url) {
  const source = resolve(entry);
  const paths = bundlePaths(source, dir);
  const esbuild = installedEsbuildVersion(resolveFrom);
  if (!esbuild) return undefined;
  try {
    /** @type {import('./bundle-cache.d.ts').BundleManifest} */
    const m = JSON.parse(readFileSync(paths.manifest, 'utf8'));
    if (m.version !== FORMAT_VERSION || m.esbuild !== esbuild || m.node !== process.version || m.entry !== source) return undefined;
    const fresh = m.inputs.every(([path, size, mtimeMs]) => {
      const s = statSync(path);
      return s.size === size && s.mtimeMs === mtimeMs;
    });
    return fresh ? paths.bundle : undefined;
  } catch {
    return undefined;
  }
}
