/**
 * Real `ng` child processes for the end-to-end tests: spawn, wait for an environment's head
 * server to report every server ready, collect output, and stop them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { request } from 'undici';
import { NG_BIN } from './helpers.ts';

export interface NgProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  exited: Promise<number | string>;
}

export function spawnNg(args: string[], opts: { cwd: string; env?: Record<string, string> }): NgProcess {
  const child = spawn(process.execPath, [NG_BIN, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, GYM_LOG_LEVEL: 'silent', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, output: () => text, exited };
}

/** Run `ng …` to completion. */
export async function runNg(args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<{ code: number | string; output: string }> {
  const p = spawnNg(args, opts);
  const code = await p.exited;
  return { code, output: p.output() };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Poll the head server until it lists `count` servers, all ready; fail with the process output otherwise. */
export async function waitForEnvironment(headPort: number, count: number, proc: NgProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`ng run exited early:\n${proc.output()}`);
    try {
      const res = await request(`http://127.0.0.1:${headPort}/server_instances`);
      const rows = (await res.body.json()) as Array<{ status: string }>;
      if (rows.length === count && rows.every((r) => r.status === 'ready')) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`environment not ready after ${timeoutMs} ms:\n${proc.output()}`);
}

export async function stopNg(proc: NgProcess, signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill(signal);
  await proc.exited;
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
