/**
 * One server child: spawned in its own process group so a signal reaches
 * everything it started, output prefixed `(<instance>) ` line by line, and
 * the last lines kept for the death report.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { ServerInstance } from '@gym/config';
import { childConfigEnv } from '@gym/config';
import { precompileEnabled, precompileEntrypoint } from './precompile.ts';

const TAIL_LINES = 40;
// Resolved with require.resolve (not import.meta.resolve) so the launcher also loads under test runners.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface ChildOptions {
  instance: ServerInstance;
  configFile: string;
  headUrl: string;
  write(line: string): void;
}

export class ServerChild {
  readonly instance: ServerInstance;
  process: ChildProcess | undefined;
  startTime: number | null = null;
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;
  readonly tail: string[] = [];
  /** The precompiled bundle of a TypeScript entrypoint, once `prepare` found or built one. */
  bundle: string | undefined;
  private exitPromise: Promise<void> = Promise.resolve();

  constructor(private readonly opts: ChildOptions) {
    this.instance = opts.instance;
  }

  get pid(): number | null {
    return this.process?.pid ?? null;
  }

  get running(): boolean {
    return !!this.process && this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Bundle a TypeScript entrypoint so it starts on plain node (see precompile.ts); without a bundle it runs through tsx. */
  async prepare(): Promise<void> {
    const entry = this.instance.entrypoint;
    if (!/\.m?ts$/.test(entry) || !precompileEnabled()) return;
    this.bundle = await precompileEntrypoint(join(this.instance.dirPath, entry));
  }

  start(onExit: (child: ServerChild) => void): void {
    const { instance } = this;
    const [command, args] = commandFor(instance, this.bundle);
    this.exitCode = null;
    this.exitSignal = null;
    this.startTime = Date.now() / 1000;
    const proc = spawn(command, args, {
      cwd: instance.dirPath,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...childConfigEnv(this.opts.configFile, instance.name),
        GYM_LAUNCHER_PID: String(process.pid),
        NEMO_GYM_HEAD_SERVER_URL: this.opts.headUrl,
      },
    });
    this.process = proc;
    for (const stream of [proc.stdout, proc.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        this.tail.push(line);
        if (this.tail.length > TAIL_LINES) this.tail.shift();
        this.opts.write(`(${instance.name}) ${line}\n`);
      });
    }
    this.exitPromise = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        resolve();
        onExit(this);
      });
      proc.once('error', (err) => {
        this.tail.push(`failed to start: ${err.message}`);
      });
    });
  }

  /** SIGTERM the process group, then SIGKILL after the grace period. */
  async stop(graceMs: number): Promise<void> {
    if (!this.running || !this.process?.pid) return;
    const pid = this.process.pid;
    signalGroup(pid, 'SIGTERM');
    const timedOut = await Promise.race([this.exitPromise.then(() => false), delay(graceMs).then(() => true)]);
    if (timedOut) {
      signalGroup(pid, 'SIGKILL');
      await Promise.race([this.exitPromise, delay(2_000)]);
    } else {
      // The leader is gone; make sure nothing it started lingers in its group.
      signalGroup(pid, 'SIGKILL');
    }
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/**
 * Node runs `.ts`/`.js` entrypoints (a precompiled bundle when there is one, else TypeScript
 * through tsx); `.py` runs with python3; anything else is a command line.
 */
export function commandFor(instance: ServerInstance, bundle?: string): [string, string[]] {
  const entry = instance.entrypoint;
  if (bundle) return [process.execPath, [bundle]];
  if (/\.(ts|mts|js|mjs|cjs)$/.test(entry)) return [process.execPath, ['--import', tsxLoader, join(instance.dirPath, entry)]];
  if (entry.endsWith('.py')) return ['python3', [join(instance.dirPath, entry)]];
  return ['/bin/sh', ['-c', entry]];
}

/** A timer that never keeps the process alive on its own. */
const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
