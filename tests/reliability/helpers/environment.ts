/**
 * Real environments for the fault tests: `ng run` and `ng collect-rollouts` as child processes,
 * the head server's instance list, and the process table (from /proc) to find every process an
 * environment started and to prove none is left behind.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'undici';
import { freePort, REPO_ROOT, spawnNg, type NgProcess } from '@gym/testing';

export const SHIPPED_CONFIG = [
  'resources_servers/example_single_tool_call/configs/example_single_tool_call.yaml',
  'responses_api_models/replay_model/configs/replay_model.yaml',
];
export const SHIPPED_AGENT = 'example_single_tool_call_simple_agent';
export const SHIPPED_INPUT = `${REPO_ROOT}resources_servers/example_single_tool_call/data/example.jsonl`;

export interface Environment {
  ng: NgProcess;
  headUrl: string;
  headPort: number;
  /** Current rows of `GET /server_instances`. */
  instances(): Promise<Array<Record<string, unknown>>>;
  pidOf(name: string): Promise<number>;
  /** Stop with a signal and wait for the launcher to exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startEnvironment(words: string[], opts: { env?: Record<string, string>; cwd?: string; token?: string } = {}): Promise<Environment> {
  const headPort = await freePort();
  const headUrl = `http://127.0.0.1:${headPort}`;
  const ng = spawnNg(['run', ...words, `++head_server.port=${headPort}`], { env: { GYM_LOG_LEVEL: 'warn', ...opts.env }, cwd: opts.cwd });
  const headers = opts.token ? { authorization: `Bearer ${opts.token}` } : undefined;
  const instances = async () => {
    const res = await request(`${headUrl}/server_instances`, { headers, headersTimeout: 5_000, bodyTimeout: 5_000 });
    return (await res.body.json()) as Array<Record<string, unknown>>;
  };
  try {
    await waitUntil(
      async () => {
        if (ng.child.exitCode !== null) throw new Error(`ng run exited before the environment was ready:\n${ng.output()}`);
        const rows = await instances().catch(() => []);
        return Array.isArray(rows) && rows.length > 0 && rows.every((r) => r.status === 'ready');
      },
      90_000,
      () => `environment not ready:\n${ng.output()}`,
      100,
    );
  } catch (err) {
    ng.child.kill('SIGKILL');
    throw err;
  }
  return {
    ng,
    headUrl,
    headPort,
    instances,
    async pidOf(name) {
      const row = (await instances()).find((r) => r.process_name === name);
      if (!row || typeof row.pid !== 'number') throw new Error(`no running instance ${name}`);
      return row.pid;
    },
    async stop(signal = 'SIGINT') {
      if (ng.child.exitCode === null && ng.child.signalCode === null) ng.child.kill(signal);
      return ng.exited;
    },
  };
}

/** Poll until `cond` holds; fail with `describe()` after `timeoutMs`. */
export async function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => string, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
}

/** `ng collect-rollouts` as a child process. */
export function spawnCollect(env: Environment, words: string[], extraEnv: Record<string, string> = {}): NgProcess {
  return spawnNg(['collect-rollouts', `+head_server.port=${env.headPort}`, '+progress=none', ...words], { env: { GYM_LOG_LEVEL: 'warn', ...extraEnv } });
}

export async function runCollect(env: Environment, words: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const p = spawnCollect(env, words, extraEnv);
  const { code } = await p.exited;
  return { code, output: p.output() };
}

export function readJsonlFile(file: string): Array<Record<string, unknown>> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function lineCount(file: string): number {
  if (!existsSync(file)) return 0;
  const text = readFileSync(file, 'utf8');
  return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter(Boolean).length;
}

export const rolloutKey = (r: Record<string, unknown>) => `${r._ng_task_index}:${r._ng_rollout_index}`;

export interface ProcessRow {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  cmdline: string;
}

/** Every process on the machine, read from /proc (Linux). */
export function processTable(): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      rows.push({ pid: Number(entry), state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), cmdline });
    } catch {
      /* exited while we looked */
    }
  }
  return rows;
}

/** The process and everything below it. */
export function processTree(rootPid: number, table = processTable()): ProcessRow[] {
  const out: ProcessRow[] = [];
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift()!;
    for (const row of table) {
      if (row.pid === pid) out.push(row);
      if (row.ppid === pid) queue.push(row.pid);
    }
  }
  return out;
}

/** Processes still alive (zombies aside) among `pids`, or in one of the process groups `pgids`. */
export function survivors(pids: number[], pgids: number[]): ProcessRow[] {
  const pidSet = new Set(pids);
  const groupSet = new Set(pgids);
  return processTable().filter((r) => r.state !== 'Z' && (pidSet.has(r.pid) || groupSet.has(r.pgid)));
}
