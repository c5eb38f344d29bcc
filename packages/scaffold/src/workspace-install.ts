/**
 * Link a new workspace package: `pnpm install` at the repo root, offline
 * (every dependency of a generated folder is already in the store), with
 * pnpm from PATH or else through npx. The lockfile gains the new importer,
 * so a frozen lockfile (pnpm's default under CI) is turned off explicitly.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export interface InstallCommand {
  file: string;
  args: string[];
  /** The command as a user would type it. */
  display: string;
}

export interface InstallResult {
  ok: boolean;
  command: InstallCommand;
  output: string;
}

const INSTALL_ARGS = ['install', '--offline', '--no-frozen-lockfile'];

export function installCommand(env: NodeJS.ProcessEnv = process.env): InstallCommand {
  const pnpm = onPath('pnpm', env);
  if (pnpm) return { file: pnpm, args: INSTALL_ARGS, display: `pnpm ${INSTALL_ARGS.join(' ')}` };
  const args = ['-y', 'pnpm@10', ...INSTALL_ARGS];
  return { file: 'npx', args, display: `npx ${args.join(' ')}` };
}

/** Run the install at `repoRoot`; resolves with its captured output rather than throwing. */
export function installWorkspace(repoRoot: string, opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<InstallResult> {
  const env = opts.env ?? process.env;
  const command = installCommand(env);
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command.file, command.args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGTERM'), opts.timeoutMs ?? 300_000);
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, command, output: `${output}${err.message}\n` });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, command, output: code === 0 ? output : `${output}(exit ${code ?? signal})\n` });
    });
  });
}

function onPath(program: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not in this directory */
    }
  }
  return undefined;
}
