/**
 * Precompiled entrypoints. Running TypeScript through the tsx loader costs
 * every process a loader thread (~40 MB resident) and a hop to that thread
 * for each of its few hundred modules, and even plain node spends most of a
 * server's start resolving, reading and compiling the hundreds of files of
 * fastify, TypeBox and undici. So the launcher bundles a `.ts` entrypoint with
 * esbuild into one JavaScript file (the repo's sources and the npm packages
 * they import) and runs it with plain `node`; the `ng` command runs its own
 * bundle the same way. Bundles are cached in the temp folder and rebuilt when
 * any file they were built from changes, so a fresh clone needs no build step
 * and an edit is picked up on the next start. Anything that cannot be bundled
 * runs through tsx as before.
 *
 * An npm package that finds files next to itself (`__dirname`,
 * `import.meta.url`, `require.resolve`) or loads a native addon would look in
 * the wrong place from inside a bundle, so it stays external: the bundle
 * imports it by absolute path from where pnpm installed it.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundlePaths, defaultCacheDir, FORMAT_VERSION, freshBundle, type BundleManifest } from './bundle-cache.js';

export { defaultCacheDir, precompileEnabled, PRECOMPILE_DIR_ENV, PRECOMPILE_ENV } from './bundle-cache.js';

/** The bundle's banner records its source entrypoint here, for `isMainModule`. */
export const ENTRYPOINT_GLOBAL = 'gym.entrypoint';

/**
 * Packages whose references to their own location were read and are harmless
 * in a bundle: undici keeps `__filename` only to trim stack traces,
 * @fastify/swagger reads its own package.json and falls back when it cannot,
 * pino and thread-stream locate a worker file only for log transports, which
 * Gym's logger does not use.
 */
const SAFE_TO_BUNDLE = new Set(['undici', '@fastify/swagger', 'pino', 'thread-stream']);
/** Names of packages found to need their own location, remembered in the cache folder so later builds run once. */
const KNOWN_EXTERNAL_FILE = 'external-packages.json';
/**
 * Packages of this workspace known to find files next to themselves (swagger-ui's assets,
 * esbuild's binary, commander's subcommand files), so a first build needs no second pass.
 * Any other such package is found by scanning the build's inputs.
 */
const SEEN_EXTERNAL = ['@fastify/swagger-ui', 'esbuild', 'commander'];
const SELF_LOCATING = /\b(__dirname|__filename|require\.resolve)\b|\bimport\.meta\.(url|dirname|filename|resolve)\b/;

export interface PrecompileOptions {
  /** Where bundles are cached (default: GYM_PRECOMPILE_DIR, else `<tmp>/gym-precompiled-<user>`). */
  cacheDir?: string;
}

/**
 * The bundle of a TypeScript entrypoint, built or taken from the cache.
 * Resolves to undefined when it cannot be bundled (the caller runs the source
 * through tsx, which reports any real error in the source itself).
 */
export async function precompileEntrypoint(entry: string, opts: PrecompileOptions = {}): Promise<string | undefined> {
  const source = resolve(entry);
  const dir = opts.cacheDir ?? defaultCacheDir();
  // This module's own URL: inside the CLI's bundle, bundle-cache.js's would be the bundle's.
  const cached = freshBundle(source, dir, import.meta.url);
  if (cached) return cached;
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return undefined;
  }
  try {
    const { bundle, manifest: manifestFile } = bundlePaths(source, dir);
    // Packages already known to need their own location start external; a build that meets a new one is redone.
    const knownFile = join(dir, KNOWN_EXTERNAL_FILE);
    const external = new Set([...SEEN_EXTERNAL, ...readKnownExternal(knownFile)]);
    let result = await buildBundle(esbuild, source, bundle, external);
    const found = (await selfLocatingPackages(Object.keys(result.metafile.inputs))).filter((name) => !external.has(name));
    if (found.length > 0) {
      for (const name of found) external.add(name);
      result = await buildBundle(esbuild, source, bundle, external);
      mkdirSync(dir, { recursive: true });
      // Re-read: other entrypoints may have been built meanwhile.
      writeAtomically(knownFile, JSON.stringify([...new Set([...readKnownExternal(knownFile), ...found])].sort()));
    }
    const output = result.outputFiles.find((f) => f.path.endsWith('.mjs'));
    if (!output) return undefined;
    // The external packages' own files count too: a reinstall that moves or changes one invalidates the bundle.
    const inputs = [...Object.keys(result.metafile.inputs).map((p) => resolve(p)), ...result.externalFiles];
    const manifest: BundleManifest = { version: FORMAT_VERSION, esbuild: esbuild.version, node: process.version, entry: source, inputs: inputs.map((p) => stamp(p)) };
    mkdirSync(dir, { recursive: true });
    writeAtomically(bundle, output.contents);
    writeAtomically(manifestFile, JSON.stringify(manifest));
    return bundle;
  } catch {
    return undefined;
  }
}

/** Write-then-rename: launchers starting in parallel never read a half-written file. */
function writeAtomically(file: string, contents: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}-${Date.now()}`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

function readKnownExternal(file: string): string[] {
  try {
    const list: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** The names of the installed packages among a build's inputs whose code refers to its own location. */
async function selfLocatingPackages(inputs: string[]): Promise<string[]> {
  const names = new Set<string>();
  await Promise.all(
    inputs.map(async (input) => {
      const pkg = packageRoot(resolve(input));
      if (!pkg || names.has(pkg.name) || SAFE_TO_BUNDLE.has(pkg.name)) return;
      if (/\.[cm]?js$/.test(input) && SELF_LOCATING.test(await readFile(input, 'utf8'))) names.add(pkg.name);
    }),
  );
  return [...names];
}

/** One esbuild run, leaving the packages in `external` to node; also says which external files the bundle imports. */
async function buildBundle(esbuild: typeof import('esbuild'), source: string, outfile: string, external: Set<string>) {
  const externalFiles = new Set<string>();
  const result = await esbuild.build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    write: false,
    metafile: true,
    logLevel: 'silent',
    outfile,
    banner: {
      js: [
        // CommonJS packages inside an ES module bundle still need `require` (node builtins, external packages).
        `import { createRequire as __gymCreateRequire } from 'node:module';`,
        `const require = __gymCreateRequire(import.meta.url);`,
        // `isMainModule` compares a module's (source) URL with this, not with the bundle's path.
        `globalThis[Symbol.for(${JSON.stringify(ENTRYPOINT_GLOBAL)})] = ${JSON.stringify(source)};`,
      ].join('\n'),
    },
    plugins: [externalPackages(external, externalFiles), keepModuleUrls],
  });
  return Object.assign(result, { externalFiles: [...externalFiles] });
}

function stamp(path: string): [string, number, number] {
  const s = statSync(path);
  return [path, s.size, s.mtimeMs];
}

/** The installed package a file belongs to: its folder (`.../node_modules/@scope/name`) and name, if any. */
function packageRoot(file: string): { root: string; name: string } | undefined {
  const at = file.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const parts = file.slice(at + '/node_modules/'.length).split('/');
  const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  return { root: file.slice(0, at + '/node_modules/'.length + name.length), name };
}

/** Imports of the packages named in `external` are left to node, by absolute path so the bundle can live anywhere. */
function externalPackages(external: Set<string>, used: Set<string>): import('esbuild').Plugin {
  // Only imports of those names reach JavaScript: a callback for every bare import of every npm
  // file would make a build several times slower.
  const names = [...external];
  const filter = names.length ? new RegExp(`^(?:${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})(?:/|$)`) : undefined;
  return {
    name: 'gym-external-packages',
    setup(build) {
      if (filter) {
        build.onResolve({ filter }, async (args) => {
          if (args.pluginData === 'gym-resolving') return undefined;
          const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'gym-resolving' });
          const pkg = found.errors.length === 0 ? packageRoot(found.path) : undefined;
          if (!pkg || !external.has(pkg.name)) return undefined;
          used.add(join(pkg.root, 'package.json'));
          return { path: found.path, external: true };
        });
      }
      // A native addon cannot be inlined: node loads it from where it is installed.
      build.onResolve({ filter: /\.node$/ }, async (args) => {
        if (args.pluginData === 'gym-resolving') return undefined;
        const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'gym-resolving' });
        if (found.errors.length > 0) return undefined;
        used.add(found.path);
        return { path: found.path, external: true };
      });
    },
  };
}

/**
 * `import.meta.url` (and `dirname`/`filename`) keep meaning the source file,
 * not the bundle: code that finds files next to itself or walks up to the
 * repo root behaves as it does under tsx.
 */
const keepModuleUrls: import('esbuild').Plugin = {
  name: 'gym-keep-module-urls',
  setup(build) {
    // TypeScript sources only: a callback for each of the hundreds of npm files would double the build time.
    build.onLoad({ filter: /\.[cm]?tsx?$/ }, async (args) => {
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
