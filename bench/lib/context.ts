/**
 * What every bench section gets: the options, the workload and its files in a
 * scratch folder, and a progress logger (stderr, so stdout is the report).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions } from './options.ts';
import { cannedResponseFields, loadPivotRows, writeReplayRollouts, type Row } from './workload.ts';

export interface BenchContext {
  opts: BenchOptions;
  rows: Row[];
  /** Scratch folder, removed at the end. */
  workDir: string;
  /** Recordings that make replay_model answer every row at once. */
  rolloutsFile: string;
  /** The canned fields the model-like echo servers add to their reply. */
  cannedFile: string;
  log(line: string): void;
}

export function createContext(opts: BenchOptions): BenchContext {
  const workDir = mkdtempSync(join(tmpdir(), 'gym-bench-'));
  const rows = loadPivotRows();
  const rolloutsFile = join(workDir, 'replay_rollouts.jsonl');
  writeReplayRollouts(rows, rolloutsFile);
  const cannedFile = join(workDir, 'canned_response.json');
  writeFileSync(cannedFile, JSON.stringify(cannedResponseFields(rows)));
  return { opts, rows, workDir, rolloutsFile, cannedFile, log: (line) => process.stderr.write(`[bench] ${line}\n`) };
}
