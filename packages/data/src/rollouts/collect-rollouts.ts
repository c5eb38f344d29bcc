/**
 * `ng collect-rollouts`: run every materialized row through its agent's `/run` with bounded
 * concurrency, append each finished rollout as one whole line, route failures to a sidecar, and
 * aggregate at the end. Rerunning the same command continues exactly where a killed run stopped.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ServerClient } from '@gym/client';
import { dataErrors } from '../errors.ts';
import { LineWriter, parseRow, type Row } from '../jsonl.ts';
import { rolloutFiles, rolloutKey } from '../paths.ts';
import { streamPool } from '../stream-pool.ts';
import { aggregateRollouts, type AgentMetricsSummary } from './aggregate.ts';
import { materializeInputs, type MaterializeOptions } from './materialize.ts';
import { readFileLines } from './file-lines.ts';
import { RunConnections } from './run-connections.ts';
import { createProgress, type ProgressMode } from './progress.ts';
import { emptyResumeState, maxRolloutAttempts, NOT_ATTEMPTED, readResumeState, type ResumeState } from './resume.ts';

export const DEFAULT_CONCURRENCY = 64;
const DEFAULT_MAX_CONSECUTIVE_FAILURES = 50;
/** Row fields copied onto the agent's result so every line says which rollout it is. */
const STAMPED_IF_PRESENT = ['skills_ref', '_ng_attempt_index', '_ng_rollout_id'];

export interface CollectOptions extends MaterializeOptions {
  outputJsonlFpath: string;
  client: ServerClient;
  /** Concurrent `/run` calls (default 64). */
  numSamplesInParallel?: number | null;
  /** `auto` (default): continue when the inputs match the previous run's; `true`: must continue; `false`: start afresh. */
  resumeFromCache?: boolean | 'auto';
  disableAggregation?: boolean;
  progress?: ProgressMode;
  /** Stop starting rollouts after this many failures in a row (a broken agent should not burn the whole input). */
  maxConsecutiveFailures?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface CollectResult {
  files: ReturnType<typeof rolloutFiles>;
  /** Rollouts in the materialized inputs. */
  total: number;
  resumed: boolean;
  /** Rollouts found in the output from earlier runs. */
  alreadyDone: number;
  /** Rollouts skipped because their failures are terminal or used up the attempts. */
  givenUp: number;
  /** Successes written by this run. */
  collected: number;
  /** Failure records written by this run (agent-classified and transport/HTTP). */
  failed: number;
  /** Transport/HTTP failures among them (the run did not get a result at all). */
  requestFailures: number;
  notPersisted: number;
  interrupted: boolean;
  /** Set when the run stopped early on too many consecutive failures. */
  stoppedEarly?: string;
  /** Rollouts not started after an early stop; each still gets a failure record. */
  notAttempted: number;
  /** Each agent's metrics without the per-task list (that is in the aggregate metrics file). */
  aggregate: AgentMetricsSummary[];
}

export async function collectRollouts(opts: CollectOptions): Promise<CollectResult> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const files = rolloutFiles(opts.outputJsonlFpath);
  mkdirSync(path.dirname(path.resolve(files.output)), { recursive: true });

  const fresh = `${files.materialized}.tmp-${process.pid}`;
  let summary;
  try {
    summary = await materializeInputs(opts, fresh, log);
  } catch (err) {
    rmSync(fresh, { force: true });
    throw err;
  }
  const resumed = await decideResume(opts.resumeFromCache ?? 'auto', fresh, files);
  const state: ResumeState = resumed ? await readResumeState(files) : emptyResumeState();
  if (state.repairedBytes > 0) log(`Removed a torn last line (${state.repairedBytes} bytes) left by an interrupted run.`);

  const result: CollectResult = {
    files,
    total: summary.rollouts,
    resumed,
    alreadyDone: state.done.size,
    givenUp: 0,
    collected: 0,
    failed: 0,
    requestFailures: 0,
    notPersisted: 0,
    interrupted: false,
    notAttempted: 0,
    aggregate: [],
  };
  const maxAttempts = maxRolloutAttempts();
  const isFinal = (key: string) => state.done.has(key) || state.terminal.has(key) || (state.attempts.get(key) ?? 0) >= maxAttempts;
  const givenUp = new Set(state.terminal);
  for (const [key, n] of state.attempts) if (n >= maxAttempts) givenUp.add(key);
  for (const key of state.done) givenUp.delete(key);
  result.givenUp = givenUp.size;
  const todo = summary.rollouts - state.done.size - result.givenUp;
  if (resumed) log(`Resuming ${files.output}: ${state.done.size} of ${summary.rollouts} rollouts already collected, ${todo} to go.`);
  if (resumed && todo === 0) log('Nothing left to collect (pass +resume_from_cache=false to collect afresh).');
  else log(`Collecting ${todo} rollouts (${summary.tasks} tasks) with up to ${concurrencyOf(opts)} in parallel -> ${files.output}`);
  if (result.givenUp > 0) log(`Not retrying ${result.givenUp} rollouts whose failures are terminal or reached ${maxAttempts} attempts (see ${files.failures}).`);

  const progress = createProgress({
    mode: opts.progress ?? 'auto',
    label: 'Collecting rollouts',
    total: todo,
    priorCount: state.done.size,
    priorRewardSum: state.rewardSum,
    log,
  });
  const output = new LineWriter(files.output, 'a');
  let failures: LineWriter | undefined;
  const writeFailure = (row: Row) => (failures ??= new LineWriter(files.failures, 'a')).write(row);
  let consecutiveFailures = 0;
  const maxConsecutive = opts.maxConsecutiveFailures ?? DEFAULT_MAX_CONSECUTIVE_FAILURES;

  const requests = new RunConnections(opts.client, concurrencyOf(opts), opts.signal);
  const runOne = async (body: string, stamp: Row): Promise<void> => {
    const outcome = await runRollout(requests.client, body, stamp, opts.signal);
    if (outcome.kind === 'aborted') return;
    if (outcome.kind === 'failed') {
      writeFailure(outcome.record);
      result.failed++;
      result.requestFailures++;
      if (++consecutiveFailures >= maxConsecutive && !result.stoppedEarly) {
        result.stoppedEarly = `${consecutiveFailures} rollouts in a row failed (last: ${outcome.record._ng_failure_cause})`;
      }
      progress.tick();
      return;
    }
    const res = outcome.result;
    consecutiveFailures = 0;
    if (res._ng_no_persist) result.notPersisted++;
    else if (res._ng_failure_class) {
      writeFailure(res);
      result.failed++;
    } else {
      output.write(res);
      result.collected++;
    }
    progress.tick(!res._ng_no_persist && !res._ng_failure_class ? (res.reward as number) : undefined);
  };

  const pool = streamPool(concurrencyOf(opts));
  let fatal: unknown;
  try {
    for await (const { line, text } of readFileLines(files.materialized)) {
      if (opts.signal?.aborted || fatal) break;
      const row = parseRow(files.materialized, line, text);
      const key = rolloutKey(row._ng_task_index, row._ng_rollout_index);
      if (isFinal(key)) continue;
      // Stopped early, the run still answers for every rollout it was asked for: none is left without a record.
      if (result.stoppedEarly) {
        writeFailure(notAttemptedRecord(row, state.attempts.get(key) ?? 0, result.stoppedEarly));
        result.notAttempted++;
        continue;
      }
      // A rollout in flight holds its line as one string and a few stamped fields, not the parsed row:
      // requests outlive young-generation collections, and the less they hold the less is promoted.
      const attempt = state.attempts.get(key) ?? 0;
      const sent = attempt > 0 ? { ...row, _ng_attempt_index: attempt } : row;
      const body = attempt > 0 ? JSON.stringify(sent) : text;
      const stamp = stampOf(sent);
      await pool.add(() => runOne(body, stamp).catch((err: unknown) => void (fatal ??= err)));
    }
    await pool.drained();
  } finally {
    await requests.close();
    progress.stop();
    output.close();
    failures?.close();
  }
  // Only local I/O errors (e.g. a full disk) get here; every remote failure is a failure record.
  if (fatal) throw fatal;

  result.interrupted = opts.signal?.aborted === true;
  if (!result.interrupted && !opts.disableAggregation) {
    result.aggregate = await aggregateRollouts({ rolloutsFile: files.output, aggregateFile: files.aggregateMetrics, client: opts.client, log });
  }
  return result;
}

/** Resume does not count this as an attempt (see resume.ts): the rollout never ran. */
function notAttemptedRecord(row: Row, attempt: number, reason: string): Row {
  return {
    _ng_task_index: row._ng_task_index,
    _ng_rollout_index: row._ng_rollout_index,
    agent_ref: row.agent_ref,
    _ng_attempt_index: attempt,
    _ng_failure_class: NOT_ATTEMPTED,
    _ng_failure_cause: `not attempted: the run stopped early because ${reason}`,
  };
}

function concurrencyOf(opts: CollectOptions): number {
  const n = opts.numSamplesInParallel;
  if (n === undefined || n === null) return DEFAULT_CONCURRENCY;
  if (!Number.isInteger(n) || n < 1) throw dataErrors.badOption('num_samples_in_parallel', 'an integer >= 1', n);
  return n;
}

type RolloutOutcome = { kind: 'ok'; result: Row } | { kind: 'failed'; record: Row } | { kind: 'aborted' };

/** The fields of a rollout's row (as sent) that its result and its failure records carry. */
function stampOf(row: Row): Row {
  const stamp: Row = { _ng_task_index: row._ng_task_index, _ng_rollout_index: row._ng_rollout_index, agent_ref: row.agent_ref };
  for (const k of STAMPED_IF_PRESENT) if (k in row) stamp[k] = row[k];
  return stamp;
}

/**
 * One `/run` call with the row's JSON as body; every way it can go wrong becomes a failure record
 * naming the cause. `signal` only tells an aborted run's failures apart: the client aborts the call.
 */
async function runRollout(client: ServerClient, body: string, stamp: Row, signal: AbortSignal | undefined): Promise<RolloutOutcome> {
  const agent = String((stamp.agent_ref as Row).name);
  const failure = (cause: string, terminal: boolean): RolloutOutcome => ({
    kind: 'failed',
    record: {
      _ng_task_index: stamp._ng_task_index,
      _ng_rollout_index: stamp._ng_rollout_index,
      agent_ref: stamp.agent_ref,
      _ng_attempt_index: stamp._ng_attempt_index ?? 0,
      _ng_failure_class: terminal ? 'legitimate' : 'transient',
      ...(terminal ? { _ng_failure_terminal: true } : {}),
      _ng_failure_cause: cause,
    },
  });
  let res;
  try {
    res = await client.post(agent, '/run', body);
  } catch (err) {
    if (signal?.aborted) return { kind: 'aborted' };
    const known = (err as { code?: string }).code === 'GYM_CLIENT_UNKNOWN_SERVER';
    return failure((err as Error).message, known);
  }
  if (!res.ok) {
    // A 4xx other than 408/429 is the row's fault: retrying cannot help.
    const terminal = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
    return failure(`agent '${agent}' /run answered HTTP ${res.status}: ${res.text.slice(0, 2000)}`, terminal);
  }
  let result: unknown;
  try {
    result = res.json();
  } catch {
    return failure(`agent '${agent}' /run answered with a body that is not JSON: ${res.text.slice(0, 500)}`, false);
  }
  if (!result || typeof result !== 'object' || Array.isArray(result)) return failure(`agent '${agent}' /run answered with a non-object JSON value`, false);
  const out = result as Row;
  for (const k in stamp) out[k] = stamp[k];
  if (!out._ng_no_persist && !out._ng_failure_class && typeof out.reward !== 'number') {
    return failure(`agent '${agent}' /run result has no numeric \`reward\` (keys: ${Object.keys(out).slice(0, 20).join(', ')})`, false);
  }
  return { kind: 'ok', result: out };
}

/** Decide between continuing the previous run and starting afresh; leaves the right materialized file in place. */
async function decideResume(mode: boolean | 'auto', fresh: string, files: ReturnType<typeof rolloutFiles>): Promise<boolean> {
  const hasPrevious = existsSync(files.materialized);
  const same = hasPrevious && (await fileDigest(fresh)) === (await fileDigest(files.materialized));
  if (mode === true && !hasPrevious) {
    rmSync(fresh, { force: true });
    throw dataErrors.resumeNothing(files.materialized);
  }
  if (mode === true && !same) {
    rmSync(fresh, { force: true });
    throw dataErrors.resumeMismatch(files.materialized);
  }
  const resume = mode === true || (mode === 'auto' && same && (existsSync(files.output) || existsSync(files.failures)));
  if (resume) {
    rmSync(fresh, { force: true });
    return true;
  }
  // A fresh run: the previous rollouts (and their failure records) no longer describe these inputs.
  renameSync(fresh, files.materialized);
  rmSync(files.output, { force: true });
  rmSync(files.failures, { force: true });
  rmSync(files.aggregateMetrics, { force: true });
  return false;
}

async function fileDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
