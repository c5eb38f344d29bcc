#!/usr/bin/env node
// Installed `ng` command. It runs the CLI's precompiled bundle (one file on plain node, see
// packages/launcher/src/precompile.ts) when the bundle is fresh, builds it first when it is not,
// and runs the TypeScript sources through tsx when bundling is off (GYM_PRECOMPILE=0) or fails.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBundle, precompileEnabled } from '@gym/launcher/bundle-cache';

const source = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
let bundle = precompileEnabled() ? freshBundle(source) : undefined;
if (!bundle) {
  const { register } = await import('tsx/esm/api');
  register();
  if (precompileEnabled()) {
    const { precompileEntrypoint } = await import('@gym/launcher');
    bundle = await precompileEntrypoint(source);
  }
}
await import(bundle ? pathToFileURL(bundle).href : '../src/bin.ts');
