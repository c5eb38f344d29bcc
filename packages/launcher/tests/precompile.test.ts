/**
 * Precompiled entrypoints: the bundle runs on plain node and behaves as the
 * source does under tsx (module URLs, isMainModule, npm packages), inlines
 * npm packages except those that find files next to themselves, is reused
 * while its sources are unchanged, is rebuilt after an edit, and a source
 * that cannot be bundled falls back to tsx (undefined).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@gym/testing';
import { precompileEntrypoint } from '../src/precompile.ts';

const root = join(REPO_ROOT, '.tmp', `precompile-${process.pid}`);
const cacheDir = join(root, 'cache');
mkdirSync(root, { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

const helper = `export const where = import.meta.url;\nexport const version = 1;\n`;
const entry = `
import { isMainModule } from '@gym/server';
import { Type } from '@sinclair/typebox';
import { where, version } from './helper.ts';
const schema: unknown = Type.Object({ a: Type.String() });
console.log(JSON.stringify({ self: import.meta.url, helper: where, main: isMainModule(import.meta.url), helperMain: isMainModule(where), version, typebox: typeof schema }));
`;

function runBundle(bundle: string): Record<string, unknown> {
  return JSON.parse(execFileSync(process.execPath, [bundle], { encoding: 'utf8' }).trim());
}

describe('precompileEntrypoint', () => {
  const dir = join(root, 'server');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'helper.ts'), helper);
  writeFileSync(join(dir, 'app.ts'), entry);

  it('bundles a TypeScript entrypoint that runs on plain node as it does from source', async () => {
    const bundle = await precompileEntrypoint(join(dir, 'app.ts'), { cacheDir });
    expect(bundle).toMatch(/\.mjs$/);
    expect(runBundle(bundle!)).toEqual({
      self: pathToFileURL(join(dir, 'app.ts')).href,
      helper: pathToFileURL(join(dir, 'helper.ts')).href,
      main: true,
      helperMain: false,
      version: 1,
      typebox: 'object',
    });
  });

  it('inlines npm packages: the bundle imports none of them from node_modules', async () => {
    const bundle = (await precompileEntrypoint(join(dir, 'app.ts'), { cacheDir }))!;
    const text = readFileSync(bundle, 'utf8');
    expect(text).not.toMatch(/from\s*"[^"]*node_modules/);
    expect(text).toContain('function Object'); // TypeBox's Type.Object, inlined
  });

  it('leaves a package that reads files next to itself to node, and remembers it', async () => {
    const pkg = join(root, 'node_modules', 'reads-own-files');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'reads-own-files', version: '1.0.0', main: 'index.js' }));
    writeFileSync(join(pkg, 'index.js'), `module.exports = require('node:fs').readFileSync(require('node:path').join(__dirname, 'word.txt'), 'utf8');\n`);
    writeFileSync(join(pkg, 'word.txt'), 'found');
    const app = join(root, 'uses-package', 'app.ts');
    mkdirSync(dirname(app), { recursive: true });
    writeFileSync(app, `import word from 'reads-own-files';\nconsole.log(JSON.stringify({ word }));\n`);

    const bundle = (await precompileEntrypoint(app, { cacheDir }))!;
    expect(runBundle(bundle)).toEqual({ word: 'found' });
    expect(readFileSync(bundle, 'utf8')).toContain(JSON.stringify(join(pkg, 'index.js')));
    expect(JSON.parse(readFileSync(join(cacheDir, 'external-packages.json'), 'utf8'))).toContain('reads-own-files');

    // Reinstalling the package (its package.json changes) invalidates the bundle that imports it.
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(pkg, 'package.json'), later, later);
    const builtAt = statSync(bundle).mtimeMs;
    expect(await precompileEntrypoint(app, { cacheDir })).toBe(bundle);
    expect(statSync(bundle).mtimeMs).toBeGreaterThan(builtAt);
  });

  it('reuses the bundle while the sources are unchanged and rebuilds it after an edit', async () => {
    const first = (await precompileEntrypoint(join(dir, 'app.ts'), { cacheDir }))!;
    const builtAt = statSync(first).mtimeMs;
    expect(await precompileEntrypoint(join(dir, 'app.ts'), { cacheDir })).toBe(first);
    expect(statSync(first).mtimeMs).toBe(builtAt);

    writeFileSync(join(dir, 'helper.ts'), helper.replace('version = 1', 'version = 2'));
    // Same size, different content: the mtime alone must invalidate.
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, 'helper.ts'), later, later);
    const rebuilt = (await precompileEntrypoint(join(dir, 'app.ts'), { cacheDir }))!;
    expect(runBundle(rebuilt).version).toBe(2);
  });

  it('gives up (the launcher then runs tsx) when the source cannot be bundled', async () => {
    const broken = join(root, 'broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'app.ts'), `import { nothing } from './missing.ts';\nconsole.log(nothing);\n`);
    expect(await precompileEntrypoint(join(broken, 'app.ts'), { cacheDir })).toBeUndefined();
  });
});
