/**
 * What a previous (possibly killed) collection already did: the `(task, rollout)` keys in the
 * rollouts file, and the failed attempts in the failures sidecar. A torn last line is cut first;
 * a damaged line anywhere else is an error, since guessing could lose or duplicate rollouts.
 */
import { existsSync } from 'node:fs';
import { dataErrors } from '../errors.ts';
import { readLines, repairTornTail, type Row } from '../jsonl.ts';
import { rolloutKey } from '../paths.ts';

/** How many failed attempts a rollout gets before resume stops retrying it. */
export const MAX_ATTEMPTS_ENV = 'NEMO_GYM_MAX_ROLLOUT_ATTEMPTS';
export const maxRolloutAttempts = () => Number(process.env[MAX_ATTEMPTS_ENV] ?? 3);
/** Failure class of the record a run that stopped early writes for each rollout it did not start. */
export const NOT_ATTEMPTED = 'not_attempted';

export interface ResumeState {
  /** Keys already in the rollouts file. */
  done: Set<string>;
  /** Failed attempts per key, from the failures sidecar. */
  attempts: Map<string, number>;
  /** Keys whose failure is marked terminal (`_ng_failure_terminal`). */
  terminal: Set<string>;
  /** Rewards already collected (for a running mean that includes the earlier runs). */
  rewardSum: number;
  /** Bytes cut from torn last lines. */
  repairedBytes: number;
}

export const emptyResumeState = (): ResumeState => ({ done: new Set(), attempts: new Map(), terminal: new Set(), rewardSum: 0, repairedBytes: 0 });

export async function readResumeState(files: { output: string; failures: string }): Promise<ResumeState> {
  const state = emptyResumeState();
  state.repairedBytes = repairTornTail(files.output) + repairTornTail(files.failures);
  for await (const row of existingRows(files.output)) {
    state.done.add(rolloutKey(row._ng_task_index, row._ng_rollout_index));
    if (typeof row.reward === 'number') state.rewardSum += row.reward;
  }
  for await (const row of existingRows(files.failures)) {
    if (row._ng_failure_class === NOT_ATTEMPTED) continue; // never ran: not an attempt
    const key = rolloutKey(row._ng_task_index, row._ng_rollout_index);
    state.attempts.set(key, (state.attempts.get(key) ?? 0) + 1);
    if (row._ng_failure_terminal === true) state.terminal.add(key);
  }
  return state;
}

/** Rows of a file written by the tools (after tail repair), or nothing if it does not exist. */
export async function* existingRows(file: string): AsyncGenerator<Row> {
  if (!existsSync(file)) return;
  for await (const { line, text } of readLines(file)) {
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch (err) {
      throw dataErrors.corruptLine(file, line, (err as Error).message);
    }
    if (!row || typeof row !== 'object' || Array.isArray(row)) throw dataErrors.corruptLine(file, line, 'not a JSON object');
    yield row as Row;
  }
}
