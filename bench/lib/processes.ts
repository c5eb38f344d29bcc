/**
 * Processes of the bench: spawning node children, reading their resident set
 * (RSS) from /proc, sampling it over time, and describing the machine the
 * figures were measured on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface MachineInfo {
  cores: number;
  cpu: string;
  memoryGb: number;
  node: string;
  platform: string;
  /** 1-, 5- and 15-minute load averages when the measurement started. */
  loadAverage: number[];
}

export function machineInfo(): MachineInfo {
  return {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1e9),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

function statusField(pid: number, field: string): number {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Direct and indirect children of `pid` (from /proc/<n>/stat). */
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name is in parentheses and may contain spaces: the ppid is the 2nd field after ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(name), ppid);
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    for (const [child, parent] of parentOf) {
      if (parent === p) {
        out.push(child);
        queue.push(child);
      }
    }
  }
  return out;
}

/** Resident set of a process and everything it started, in bytes (NaN where /proc is unavailable). */
export function treeRss(pid: number): number {
  let total = statusField(pid, 'VmRSS');
  for (const child of descendants(pid)) {
    const rss = statusField(child, 'VmRSS');
    if (!Number.isNaN(rss)) total += rss;
  }
  return total;
}

/** CPU time (user + system) a process has used so far, in ms; NaN where /proc is unavailable. */
export function cpuTimeMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Resident set of one process (not its children), in bytes. */
export function processRss(pid: number): number {
  return statusField(pid, 'VmRSS');
}

/** Samples RSS of some processes at a fixed interval; `stop()` returns one series per process. */
export function sampleRss(pids: Record<string, number>, intervalMs: number, read: (pid: number) => number = processRss) {
  const series: Record<string, number[]> = Object.fromEntries(Object.keys(pids).map((k) => [k, []]));
  const tick = () => {
    for (const [name, pid] of Object.entries(pids)) {
      const rss = read(pid);
      if (!Number.isNaN(rss)) series[name].push(rss);
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    stop(): Record<string, number[]> {
      clearInterval(timer);
      tick();
      return series;
    },
  };
}

export interface NodeChild {
  child: ChildProcess;
  /** The child's output so far (for error messages). */
  output(): string;
  /** Resolves with the first output line (printed before the call or after) matching `pattern`'s first group. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Start `node <args>` with piped output. */
export function spawnNode(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): NodeChild {
  const child = spawn(process.execPath, args, {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  // The first lines are kept whole: a caller may start waiting for one after the child printed it.
  const early: string[] = [];
  const watchers: Array<(line: string) => void> = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      if (out.length < 200_000) out += `${line}\n`;
      if (early.length < 1_000) early.push(line);
      for (const w of watchers) w(line);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      const seen = early.map((line) => line.match(pattern)).find((m) => m);
      if (seen) return Promise.resolve(seen[1] ?? seen[0]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${out}`)), timeoutMs);
        void exited.then((code) => reject(new Error(`process exited (${code}) before printing ${pattern}:\n${out}`)));
        watchers.push((line) => {
          const m = line.match(pattern);
          if (m) {
            clearTimeout(timer);
            resolve(m[1] ?? m[0]);
          }
        });
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// The process helpers entry of @gym/testing does not load vitest, so the bench can use it.
export { freePort } from '@gym/testing/processes';
