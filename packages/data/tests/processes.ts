/**
 * `ng` as users run it (the installed launcher, logs silenced) for the end-to-end tests, on top
 * of @gym/testing's process helpers: run a command to completion, and stop an environment.
 */
import { request } from 'undici';
import { spawnNg, type NgProcess } from '@gym/testing';

export interface NgOptions {
  cwd: string;
  env?: Record<string, string>;
}

/** Start `ng …` with the installed launcher and silent logs. */
export function startNg(args: string[], opts: NgOptions): NgProcess {
  return spawnNg(args, { cwd: opts.cwd, env: { GYM_LOG_LEVEL: 'silent', ...opts.env }, launcher: true });
}

/** Run `ng …` to completion: the exit code (or the signal name) and everything it printed. */
export async function runNg(args: string[], opts: NgOptions): Promise<{ code: number | string; output: string }> {
  const p = startNg(args, opts);
  const { code, signal } = await p.exited;
  return { code: code ?? signal ?? -1, output: p.output() };
}

/**
 * Stop an `ng run`: SIGINT, wait until its head server is gone (it closes after every child has
 * stopped), then make sure the process itself is gone too.
 */
export async function stopEnvironment(proc: NgProcess, headPort: number, timeoutMs = 30_000): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && proc.child.exitCode === null) {
    try {
      await request(`http://127.0.0.1:${headPort}/`, { headersTimeout: 1000 });
    } catch {
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
  await proc.exited;
}
