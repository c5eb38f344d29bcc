/**
 * The installed `ng` command: it builds the CLI's bundle on first use, runs it
 * on plain node while the sources are unchanged, and runs the sources through
 * tsx when bundling is turned off.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, spawnNg } from '@gym/testing/processes';

const cacheDir = join(REPO_ROOT, '.tmp', `cli-bin-${process.pid}`);
mkdirSync(cacheDir, { recursive: true });
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

async function ng(args: string[], env: Record<string, string>): Promise<string> {
  const proc = spawnNg(args, { launcher: true, env });
  const { code } = await proc.exited;
  expect(code, proc.output()).toBe(0);
  return proc.output();
}

/** The CLI's bundle in the cache folder, found through the manifest that names its entrypoint. */
function cliBundle(dir: string): string | undefined {
  const manifest = readdirSync(dir).find((f) => f.endsWith('.json') && f !== 'external-packages.json' && readFileSync(join(dir, f), 'utf8').includes('packages/cli/src/bin.ts'));
  return manifest && join(dir, manifest.replace(/\.json$/, '.mjs'));
}

describe('ng (the installed command)', () => {
  it('builds its bundle on first use and reuses it while the sources are unchanged', { timeout: 120_000 }, async () => {
    expect(await ng(['--version'], { GYM_PRECOMPILE_DIR: cacheDir })).toContain('0.1.0');
    const bundle = cliBundle(cacheDir);
    expect(bundle && existsSync(bundle)).toBe(true);
    const builtAt = statSync(bundle!).mtimeMs;

    expect(await ng(['--help'], { GYM_PRECOMPILE_DIR: cacheDir })).toMatch(/collect-rollouts/);
    expect(statSync(bundle!).mtimeMs).toBe(builtAt);
  });

  it('runs the sources through tsx with GYM_PRECOMPILE=0, writing no bundle', { timeout: 60_000 }, async () => {
    const untouched = join(cacheDir, 'off');
    expect(await ng(['--version'], { GYM_PRECOMPILE: '0', GYM_PRECOMPILE_DIR: untouched })).toContain('0.1.0');
    expect(existsSync(untouched)).toBe(false);
  });
});
