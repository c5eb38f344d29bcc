/**
 * Precompiled server entrypoints. Running TypeScript through the tsx loader
 * costs every server process a loader thread (~40 MB resident) and a hop to
 * that thread for each of its few hundred modules at start-up. So the
 * launcher bundles a `.ts` entrypoint with esbuild into one JavaScript file
 * (the repo's own sources inlined, npm packages imported from where they are
 * installed) and runs it with plain `node`. Bundles are cached in the temp
 * folder and rebuilt when any source file they were built from changes, so a
 * fresh clone needs no build step and an edit is picked up on the next start.
 * Anything that cannot be bundled runs through tsx as before.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Set to `0` to run every `.ts` entrypoint through tsx (no bundling). */
export const PRECOMPILE_ENV = 'GYM_PRECOMPILE';
/** Where bundles are cached, instead of the default folder under the temp dir. */
export const PRECOMPILE_DIR_ENV = 'GYM_PRECOMPILE_DIR';
/** The bundle's banner records its source entrypoint here, for `isMainModule`. */
export const ENTRYPOINT_GLOBAL = 'gym.entrypoint';
const FORMAT_VERSION = 1;

interface Manifest {
  version: number;
  esbuild: string;
  node: string;
  entry: string;
  /** Every source file the bundle was built from, with the size and mtime it had. */
  inputs: Array<[path: string, size: number, mtimeMs: number]>;
}

export interface PrecompileOptions {
  /** Where bundles are cached (default: GYM_PRECOMPILE_DIR, else `<tmp>/gym-precompiled-<user>`). */
  cacheDir?: string;
}

export function precompileEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[PRECOMPILE_ENV] !== '0' && env[PRECOMPILE_ENV] !== 'false';
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
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
 * The bundle of a TypeScript entrypoint, built or taken from the cache.
 * Resolves to undefined when it cannot be bundled (the caller runs the source
 * through tsx, which reports any real error in the source itself).
 */
export async function precompileEntrypoint(entry: string, opts: PrecompileOptions = {}): Promise<string | undefined> {
  const source = resolve(entry);
  const dir = opts.cacheDir ?? defaultCacheDir();
  const key = createHash('sha256').update(source).digest('hex').slice(0, 24);
  const bundle = join(dir, `${key}.mjs`);
  const manifestFile = join(dir, `${key}.json`);
  // A cache hit needs only esbuild's version, not esbuild (whose API takes tens of ms to load).
  const installed = installedEsbuildVersion();
  if (installed && isFresh(manifestFile, source, installed)) return bundle;
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return undefined;
  }
  try {
    const result = await esbuild.build({
      entryPoints: [source],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      write: false,
      metafile: true,
      logLevel: 'silent',
      outfile: bundle,
      // `isMainModule` compares a module's (source) URL with this, not with the bundle's path.
      banner: { js: `globalThis[Symbol.for(${JSON.stringify(ENTRYPOINT_GLOBAL)})] = ${JSON.stringify(source)};` },
      plugins: [installedPackagesStayExternal, keepModuleUrls],
    });
    const output = result.outputFiles.find((f) => f.path.endsWith('.mjs'));
    if (!output) return undefined;
    const inputs = Object.keys(result.metafile.inputs).map((p) => resolve(p));
    const manifest: Manifest = { version: FORMAT_VERSION, esbuild: esbuild.version, node: process.version, entry: source, inputs: inputs.map((p) => stamp(p)) };
    mkdirSync(dir, { recursive: true });
    // Write-then-rename: launchers starting in parallel never run a half-written bundle.
    const tmp = `.${process.pid}-${Date.now()}`;
    writeFileSync(bundle + tmp, output.contents);
    renameSync(bundle + tmp, bundle);
    writeFileSync(manifestFile + tmp, JSON.stringify(manifest));
    renameSync(manifestFile + tmp, manifestFile);
    return bundle;
  } catch {
    return undefined;
  }
}

function installedEsbuildVersion(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return (JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

function stamp(path: string): [string, number, number] {
  const s = statSync(path);
  return [path, s.size, s.mtimeMs];
}

function isFresh(manifestFile: string, source: string, esbuildVersion: string): boolean {
  try {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    if (m.version !== FORMAT_VERSION || m.esbuild !== esbuildVersion || m.node !== process.version || m.entry !== source) return false;
    return m.inputs.every(([path, size, mtimeMs]) => {
      const s = statSync(path);
      return s.size === size && s.mtimeMs === mtimeMs;
    });
  } catch {
    return false;
  }
}

/**
 * npm packages are not bundled: they are imported by absolute path from where
 * pnpm installed them, exactly the files `node` would load, so the bundle can
 * live anywhere. The repo's own packages (workspace links) are bundled.
 */
const installedPackagesStayExternal: import('esbuild').Plugin = {
  name: 'gym-installed-packages-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'gym-resolving' || args.path.startsWith('node:')) return undefined;
      const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'gym-resolving' });
      if (found.errors.length > 0 || !found.path.includes(`/node_modules/`)) return undefined;
      return { path: found.path, external: true };
    });
  },
};

/**
 * `import.meta.url` (and `dirname`/`filename`) keep meaning the source file,
 * not the bundle: code that finds files next to itself or walks up to the
 * repo root behaves as it does under tsx.
 */
const keepModuleUrls: import('esbuild').Plugin = {
  name: 'gym-keep-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
      if (args.path.includes(`/node_modules/`)) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const contents = text
        .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href))
        .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(dirname(args.path)))
        .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path));
      return { contents, loader: loaderFor(args.path), resolveDir: dirname(args.path) };
    });
  },
};

function loaderFor(path: string): 'ts' | 'tsx' | 'js' | 'jsx' {
  if (/\.[cm]?tsx$/.test(path)) return 'tsx';
  if (/\.[cm]?ts$/.test(path)) return 'ts';
  if (/\.[cm]?jsx$/.test(path)) return 'jsx';
  return 'js';
}
