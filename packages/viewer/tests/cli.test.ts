/** `ng viewer` as a user runs it: a real child process, a real port, Ctrl-C to stop. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeRollout, writeRolloutsFile } from './helpers.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function ng(args: string[]): { child: ChildProcess; stdout: () => string; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/bin.ts', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('ng viewer', () => {
  it('prints the URL of a working viewer and stops on SIGINT', async () => {
    const path = writeRolloutsFile([makeRollout({ task: 0, rollout: 0, reward: 1, question: 'q', answer: 'a' }), 'not json']);
    const run = ng(['viewer', `+jsonl_fpath=${path}`]);
    try {
      const url = await waitFor(() => /^(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(run.stdout())?.[1], `the URL (stderr: ${run.stderr()})`);
      expect(run.stdout()).toContain(`Rollout viewer for ${path}: 1 rollouts, 1 unreadable line (listed on the page).`);
      const meta = (await (await fetch(`${url}api/meta`)).json()) as { rollouts: number; badLineCount: number };
      expect(meta).toMatchObject({ rollouts: 1, badLineCount: 1 });
      run.child.kill('SIGINT');
      expect(await run.exit).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 30_000);

  it('explains a missing file, a bad port and an unknown option in one line each', async () => {
    const [missing, badPort, unknown] = [
      ng(['viewer', '+jsonl_fpath=does/not/exist.jsonl']),
      ng(['viewer', '+jsonl_fpath=x.jsonl', '+port=http']),
      ng(['viewer', '+jsonl_fpath=x.jsonl', '+prot=80']),
    ];
    expect(await missing.exit).toBe(1);
    expect(missing.stderr()).toMatch(/^Error: Rollouts file '.*does\/not\/exist\.jsonl' does not exist\. Pass the JSONL/);
    expect(await badPort.exit).toBe(1);
    expect(badPort.stderr()).toBe('Error: +port=http is not a port. Use an integer from 0 to 65535 (0 picks a free port).\n');
    expect(await unknown.exit).toBe(1);
    expect(unknown.stderr()).toBe('Error: Unknown option +prot. `ng viewer` takes +jsonl_fpath, +port, +host.\n');
  }, 30_000);
});
