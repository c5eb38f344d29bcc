/** Types of bundle-cache.js (plain JavaScript so the `ng` bin can use it before any loader runs). */

export declare const PRECOMPILE_ENV: 'GYM_PRECOMPILE';
export declare const PRECOMPILE_DIR_ENV: 'GYM_PRECOMPILE_DIR';
export declare const FORMAT_VERSION: number;

/** What a cached bundle was built from and with. */
export interface BundleManifest {
  version: number;
  esbuild: string;
  node: string;
  entry: string;
  /** Every source file the bundle was built from, with the size and mtime it had. */
  inputs: Array<[path: string, size: number, mtimeMs: number]>;
}

export declare function precompileEnabled(env?: NodeJS.ProcessEnv): boolean;
export declare function defaultCacheDir(env?: NodeJS.ProcessEnv): string;
export declare function bundlePaths(source: string, dir: string): { bundle: string; manifest: string };
export declare function installedEsbuildVersion(resolveFrom?: string): string | undefined;
export declare function freshBundle(entry: string, dir?: string, resolveFrom?: string): string | undefined;
