/**
 * Run vitest as a child process (so a test suite cannot take the CLI down
 * with it) and read its JSON report into counts.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

/** vitest's own launcher script, found from this package's dependency on it. */
export function vitestEntry(): string {
  // require.resolve rather than import.meta.resolve: the latter is missing when this module runs inside vitest.
  let dir = path.dirname(createRequire(import.meta.url).resolve('vitest'));
  while (!existsSync(path.join(dir, 'vitest.mjs'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('vitest.mjs not found beside the resolved vitest package');
    dir = parent;
  }
  return path.join(dir, 'vitest.mjs');
}

export interface VitestCounts {
  files: number;
  /** Test files that failed to load or run at all. */
  failedFiles: number;
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
}

export interface VitestRun {
  exitCode: number;
  /** Captured stdout + stderr (empty when the output was inherited). */
  output: string;
  /** From the JSON report; undefined when vitest wrote none (it crashed before reporting). */
  counts?: VitestCounts;
  durationMs: number;
}

export interface VitestOptions {
  /** The project root vitest runs in (the repo root). */
  cwd: string;
  /** Only scan this folder for test files. */
  dir?: string;
  /** Path filters (vitest matches them as substrings of test file paths). */
  filters?: string[];
  /** `inherit`: the user sees vitest's own output; `capture`: kept in `output`. */
  stdio: 'inherit' | 'capture';
  /** Write and parse a JSON report (for counts). */
  json?: boolean;
  extraArgs?: string[];
  env?: NodeJS.ProcessEnv;
}

export function runVitest(opts: VitestOptions): Promise<VitestRun> {
  const reportDir = opts.json ? mkdtempSync(path.join(tmpdir(), 'gym-vitest-')) : undefined;
  const reportFile = reportDir ? path.join(reportDir, 'report.json') : undefined;
  const args = [vitestEntry(), 'run', '--passWithNoTests'];
  if (opts.dir) args.push('--dir', opts.dir);
  if (reportFile) args.push('--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`);
  args.push(...(opts.extraArgs ?? []), ...(opts.filters ?? []));
  const env = { ...(opts.env ?? process.env) };
  // Servers log every request by default; test output is about the tests.
  env.GYM_LOG_LEVEL ??= 'silent';
  const started = Date.now();
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, args, { cwd: opts.cwd, env, stdio: opts.stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.once('error', (err) => (output += `${err.message}\n`));
    child.once('close', (code, signal) => {
      const counts = reportFile ? readCounts(reportFile) : undefined;
      if (reportDir) rmSync(reportDir, { recursive: true, force: true });
      resolve({ exitCode: code ?? (signal ? 128 : 1), output, counts, durationMs: Date.now() - started });
    });
  });
}

interface JsonReport {
  numTotalTestSuites?: number;
  numFailedTestSuites?: number;
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests?: number;
  numTodoTests?: number;
  testResults?: Array<{ status?: string }>;
}

function readCounts(file: string): VitestCounts | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
    const files = r.testResults ?? [];
    return {
      files: files.length,
      failedFiles: files.filter((f) => f.status === 'failed').length,
      tests: r.numTotalTests,
      passed: r.numPassedTests,
      failed: r.numFailedTests,
      skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
    };
  } catch {
    return undefined;
  }
}
