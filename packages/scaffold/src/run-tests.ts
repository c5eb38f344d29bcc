/**
 * `ng test` (one server folder), `ng test-all` (every server folder, one
 * vitest run each, with a pass/fail table) and `ng dev-test` (the
 * framework's own tests: packages/* and tests/).
 */
import { table } from '@gym/data';
import { validateExampleData } from './data-validation.ts';
import { SERVER_KIND_DIRS } from './names.ts';
import { listServerFolders, resolveServerFolder, selectShard, type ServerFolder } from './server-folders.ts';
import { runVitest, type VitestCounts } from './vitest-runner.ts';

export interface TestServerOptions {
  repoRoot: string;
  entrypoint: unknown;
  /** Also check data/example.jsonl and data/example_rollouts.jsonl (resources servers). */
  validateData?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface TestServerResult {
  folder: ServerFolder;
  /** vitest's exit code, or 1 when only the data checks failed. */
  exitCode: number;
  dataProblems: string[];
}

/** Run one folder's tests with vitest's own output on the terminal. */
export async function testServer(opts: TestServerOptions): Promise<TestServerResult> {
  const folder = resolveServerFolder(opts.repoRoot, opts.entrypoint);
  const run = await runVitest({ cwd: opts.repoRoot, dir: folder.relDir, stdio: 'inherit', env: opts.env });
  const dataProblems = opts.validateData ? validateExampleData(folder) : [];
  return { folder, exitCode: run.exitCode !== 0 ? run.exitCode : dataProblems.length ? 1 : 0, dataProblems };
}

export type ServerTestStatus = 'passed' | 'failed' | 'no tests';

export interface ServerTestResult {
  folder: ServerFolder;
  status: ServerTestStatus;
  exitCode: number;
  counts?: VitestCounts;
  dataProblems: string[];
  durationMs: number;
  /** vitest's output (printed for failures). */
  output: string;
}

export interface TestAllOptions {
  repoRoot: string;
  numShards?: number;
  shardIndex?: number;
  /** Check each resources server's example data too (default true, as the reference does). */
  validateData?: boolean;
  /** Called as each folder finishes. */
  onResult?: (result: ServerTestResult, done: number, of: number) => void;
  env?: NodeJS.ProcessEnv;
}

export interface TestAllResult {
  found: ServerFolder[];
  selected: ServerFolder[];
  numShards: number;
  shardIndex: number;
  results: ServerTestResult[];
  ok: boolean;
}

export async function testAll(opts: TestAllOptions): Promise<TestAllResult> {
  const numShards = opts.numShards ?? 1;
  const shardIndex = opts.shardIndex ?? 0;
  const found = listServerFolders(opts.repoRoot);
  const selected = selectShard(found, shardIndex, numShards);
  const results: ServerTestResult[] = [];
  // One folder at a time: each vitest run already uses every core.
  for (const folder of selected) {
    const run = await runVitest({ cwd: opts.repoRoot, dir: folder.relDir, stdio: 'capture', json: true, env: opts.env });
    const counts = run.counts;
    const status: ServerTestStatus =
      run.exitCode === 0 && counts !== undefined && counts.files === 0 ? 'no tests' : run.exitCode === 0 && counts !== undefined ? 'passed' : 'failed';
    const result: ServerTestResult = {
      folder,
      status,
      exitCode: run.exitCode,
      counts,
      dataProblems: (opts.validateData ?? true) ? validateExampleData(folder) : [],
      durationMs: run.durationMs,
      output: run.output,
    };
    results.push(result);
    opts.onResult?.(result, results.length, selected.length);
  }
  const ok = results.every((r) => r.status === 'passed' && r.dataProblems.length === 0);
  return { found, selected, numShards, shardIndex, results, ok };
}

/** The summary `ng test-all` prints: one row per folder, totals, and how to rerun a failure. */
export function formatTestAllReport(r: TestAllResult): string {
  const rows = r.results.map((x) => [
    x.folder.relDir,
    x.status === 'passed' && x.dataProblems.length ? 'data invalid' : x.status,
    x.counts ? String(x.counts.passed) : '-',
    x.counts ? String(x.counts.failed + x.counts.failedFiles) : '-',
    x.counts ? String(x.counts.skipped) : '-',
    x.dataProblems.length ? `${x.dataProblems.length} problem(s)` : 'ok',
    `${(x.durationMs / 1000).toFixed(1)}s`,
  ]);
  const count = (pred: (x: ServerTestResult) => boolean) => r.results.filter(pred).length;
  const sum = (key: keyof VitestCounts) => r.results.reduce((n, x) => n + (x.counts?.[key] ?? 0), 0);
  const lines = table(['server', 'result', 'passed', 'failed', 'skipped', 'data', 'time'], rows);
  const shard = r.numShards > 1 ? ` (shard ${r.shardIndex + 1}/${r.numShards} of ${r.found.length})` : '';
  lines.push(
    '',
    `${r.selected.length} server folders tested${shard}: ${count((x) => x.status === 'passed')} passed, ` +
      `${count((x) => x.status === 'failed')} failed, ${count((x) => x.status === 'no tests')} without tests, ` +
      `${count((x) => x.dataProblems.length > 0)} with invalid example data.`,
    `Tests: ${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped.`,
  );
  for (const x of r.results.filter((x) => x.dataProblems.length)) lines.push('', `${x.folder.relDir}:`, ...x.dataProblems.map((p) => `  - ${p}`));
  const failed = r.results.find((x) => x.status !== 'passed');
  if (failed) lines.push('', `Rerun one folder with: ng test +entrypoint=${failed.folder.relDir}`);
  return lines.join('\n');
}

/** The framework's own tests, with vitest's output on the terminal; resolves with its exit code. */
export async function devTest(opts: { repoRoot: string; env?: NodeJS.ProcessEnv }): Promise<number> {
  // vitest matches filters as substrings of repo-relative paths, so `tests/` alone would also take
  // every server folder's tests/: those folders (and workspace copies in .tmp/) are excluded.
  const excluded = ['**/node_modules/**', '.tmp/**', ...SERVER_KIND_DIRS.map((d) => `${d}/**`)].flatMap((glob) => ['--exclude', glob]);
  const run = await runVitest({ cwd: opts.repoRoot, filters: ['packages/', 'tests/'], extraArgs: excluded, stdio: 'inherit', env: opts.env });
  return run.exitCode;
}
