/**
 * Helpers for end-to-end tests that drive real `ng` child processes and real
 * sockets on 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const NG_BIN = `${REPO_ROOT}packages/cli/src/bin.ts`;
/** The installed `ng` command (it registers tsx itself): what users run. */
export const NG_LAUNCHER = `${REPO_ROOT}packages/cli/bin/ng.js`;

/** A port that was free a moment ago (bound on 127.0.0.1:0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface NgProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Run `ng <args>` as a real child process (the sources through tsx, or with `launcher` the installed command), collecting its output. */
export function spawnNg(args: string[], opts: { env?: Record<string, string>; cwd?: string; launcher?: boolean } = {}): NgProcess {
  const argv = opts.launcher ? [NG_LAUNCHER, ...args] : ['--import', 'tsx', NG_BIN, ...args];
  const child = spawn(process.execPath, argv, {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

/** Poll the head server until every instance reports `ready`; returns the instances. */
export async function waitForEnvironment(headUrl: string, proc: NgProcess, timeoutMs = 60_000): Promise<Array<Record<string, unknown>>> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`ng exited before the environment was ready:\n${proc.output()}`);
    try {
      const res = await request(`${headUrl}/server_instances`);
      const rows = (await res.body.json()) as Array<Record<string, unknown>>;
      if (rows.length && rows.every((r) => r.status === 'ready')) return rows;
    } catch {
      /* head not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`environment not ready within ${timeoutMs} ms:\n${proc.output()}`);
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
