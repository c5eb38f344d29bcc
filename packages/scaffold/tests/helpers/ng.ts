/** Run the real `ng` CLI as a child process and collect its exit code and output. */
import { spawn } from 'node:child_process';
import { NG_BIN, REPO_ROOT } from '@gym/testing';
import { cleanEnv } from './workspace-copy.ts';

export interface NgResult {
  code: number | null;
  output: string;
}

export function runNg(args: string[], opts: { cwd?: string; env?: Record<string, string>; bin?: string } = {}): Promise<NgResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', opts.bin ?? NG_BIN, ...args], {
      cwd: opts.cwd ?? REPO_ROOT,
      env: cleanEnv(opts.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    // Colour codes (vitest forces them in some terminals) stripped: assertions read the text.
    child.once('close', (code) => resolve({ code, output: output.replace(/\x1b\[[0-9;]*m/g, '') }));
  });
}
