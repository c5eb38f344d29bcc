/**
 * `ng reverify`: run `/verify` again on stored rollouts with the current verifier and report
 * which rewards changed. Verifiers that are not stateless (their verdict depends on session state
 * from the original rollout) are only re-run with `force`, and the output is then named `unsafe_…`.
 */
import { setMaxListeners } from 'node:events';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ServerClient } from '@gym/client';
import { dataErrors } from '../errors.ts';
import { LineWriter, readRows, repairTornTail, type Row } from '../jsonl.ts';
import { rolloutKey, siblingPath } from '../paths.ts';
import { existingRows } from '../rollouts/resume.ts';
import { streamPool } from '../stream-pool.ts';
import { fmtNumber, table } from '../format.ts';

export interface ReverifyOptions {
  /** A rollouts file written by `ng collect-rollouts`. */
  inputJsonlFpath: string;
  /** Default: `<input stem>_reverified.jsonl` beside the input. */
  outputJsonlFpath?: string;
  /** Re-verify even when a resources server does not declare its verify stateless. */
  force?: boolean;
  overwrite?: boolean;
  resume?: boolean;
  numSamplesInParallel?: number | null;
  client: ServerClient;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface RewardChange {
  _ng_task_index: number;
  _ng_rollout_index: number;
  agent_ref: { name: string };
  old_reward: number | null;
  new_reward: number;
  delta: number | null;
}

export interface ReverifyResult {
  outputPath: string;
  diffsPath: string;
  failuresPath: string;
  unsafe: boolean;
  modes: Record<string, string>;
  total: number;
  skipped: number;
  reverified: number;
  unchanged: number;
  changed: RewardChange[];
  /** Only the first changes are kept here; the diffs file has them all. */
  changedCount: number;
  failed: number;
  meanOld: number | null;
  meanNew: number | null;
}

const PROGRESS_MARKS = [20, 40, 60, 80, 90, 95, 98, 99, 100];
const KEPT_CHANGES = 50;
const FIELDS_NOT_SENT = new Set(['reward']);

export async function reverifyRollouts(opts: ReverifyOptions): Promise<ReverifyResult> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const file = opts.inputJsonlFpath;

  // Pass 1: which agents (hence resources servers) are involved, and is every row usable?
  const agents = new Set<string>();
  let total = 0;
  for await (const { line, row } of readRows(file)) {
    const name = (row.agent_ref as Row | undefined)?.name;
    if (typeof name !== 'string') throw dataErrors.reverify(`'${file}' line ${line}: the rollout has no agent_ref.name, so its resources server is unknown.`);
    if (!row.response || typeof row.response !== 'object') throw dataErrors.reverify(`'${file}' line ${line}: the rollout has no \`response\` to verify.`);
    agents.add(name);
    total++;
  }
  const serverOf = new Map([...agents].map((a) => [a, resourcesServerOf(opts.client.tree, a)]));
  const modes: Record<string, string> = {};
  for (const server of new Set(serverOf.values())) modes[server] = await reverifyMode(opts.client, server);
  const unsafeServers = Object.entries(modes).filter(([, m]) => m !== 'stateless');
  if (unsafeServers.length > 0 && !opts.force) {
    throw dataErrors.reverify(
      `Re-verifying is not known to be safe for ${unsafeServers.map(([s, m]) => `'${s}' (reverify_mode: ${m})`).join(', ')}: ` +
        'its verify may depend on session state of the original rollout. Pass +force=true to re-verify anyway (the output is then prefixed unsafe_).',
    );
  }
  const unsafe = unsafeServers.length > 0;
  const outputPath = outputPathFor(opts.outputJsonlFpath ?? siblingPath(file, '_reverified', '.jsonl'), unsafe);
  const diffsPath = siblingPath(outputPath, '_reward_diffs', '.jsonl');
  const failuresPath = siblingPath(outputPath, '_failures', '.jsonl');

  const done = new Set<string>();
  if (existsSync(outputPath)) {
    if (opts.overwrite) for (const f of [outputPath, diffsPath, failuresPath]) rmSync(f, { force: true });
    else if (opts.resume) {
      repairTornTail(outputPath);
      repairTornTail(diffsPath);
      for await (const row of existingRows(outputPath)) done.add(rolloutKey(row._ng_task_index, row._ng_rollout_index));
    } else throw dataErrors.outputExists(outputPath);
  }

  const result: ReverifyResult = {
    outputPath, diffsPath, failuresPath, unsafe, modes, total, skipped: done.size, reverified: 0, unchanged: 0,
    changed: [], changedCount: 0, failed: 0, meanOld: null, meanNew: null,
  };
  const output = new LineWriter(outputPath, 'a');
  let diffs: LineWriter | undefined;
  let failures: LineWriter | undefined;
  let oldSum = 0;
  let oldCount = 0;
  let newSum = 0;
  let finished = 0;
  let mark = 0;
  const todo = total - done.size;

  const verifyOne = async (row: Row) => {
    const agent = (row.agent_ref as Row).name as string;
    const server = serverOf.get(agent)!;
    const body = Object.fromEntries(Object.entries(row).filter(([k]) => !FIELDS_NOT_SENT.has(k) && !k.startsWith('_ng_failure')));
    const failure = (cause: string) => {
      (failures ??= new LineWriter(failuresPath, 'a')).write({
        _ng_task_index: row._ng_task_index, _ng_rollout_index: row._ng_rollout_index, agent_ref: row.agent_ref,
        _ng_failure_class: 'transient', _ng_failure_cause: cause,
      });
      result.failed++;
    };
    try {
      const res = await opts.client.post(server, '/verify', body, { signal: opts.signal });
      if (!res.ok) return failure(`resources server '${server}' /verify answered HTTP ${res.status}: ${res.text.slice(0, 2000)}`);
      const verified = res.json<Row>();
      Object.assign(verified, { _ng_task_index: row._ng_task_index, _ng_rollout_index: row._ng_rollout_index, agent_ref: row.agent_ref });
      if (verified._ng_failure_class) {
        (failures ??= new LineWriter(failuresPath, 'a')).write(verified);
        result.failed++;
        return;
      }
      output.write(verified);
      result.reverified++;
      const oldReward = typeof row.reward === 'number' ? row.reward : null;
      const newReward = Number(verified.reward);
      newSum += newReward;
      if (oldReward !== null) (oldSum += oldReward), oldCount++;
      if (oldReward !== null && Math.abs(oldReward - newReward) <= 1e-12) {
        result.unchanged++;
        return;
      }
      const change: RewardChange = {
        _ng_task_index: row._ng_task_index as number,
        _ng_rollout_index: row._ng_rollout_index as number,
        agent_ref: { name: agent },
        old_reward: oldReward,
        new_reward: newReward,
        delta: oldReward === null ? null : newReward - oldReward,
      };
      (diffs ??= new LineWriter(diffsPath, 'a')).write(change);
      result.changedCount++;
      if (result.changed.length < KEPT_CHANGES) result.changed.push(change);
    } catch (err) {
      if (!opts.signal?.aborted) failure(`resources server '${server}' /verify failed: ${(err as Error).message}`);
    } finally {
      finished++;
      while (mark < PROGRESS_MARKS.length && (100 * finished) / todo >= PROGRESS_MARKS[mark]) {
        log(`Reverified ${finished} / ${todo} rollouts (${PROGRESS_MARKS[mark]}%)`);
        mark++;
      }
    }
  };

  const pool = streamPool(opts.numSamplesInParallel ?? 64);
  if (opts.signal) setMaxListeners(2 * pool.concurrency + 16, opts.signal);
  try {
    for await (const { row } of readRows(file)) {
      if (opts.signal?.aborted) break;
      if (done.has(rolloutKey(row._ng_task_index, row._ng_rollout_index))) continue;
      await pool.add(() => verifyOne(row));
    }
    await pool.drained();
  } finally {
    output.close();
    diffs?.close();
    failures?.close();
  }
  result.meanOld = oldCount ? oldSum / oldCount : null;
  result.meanNew = result.reverified ? newSum / result.reverified : null;
  return result;
}

/** The resources server an agent verifies with, from the running config. */
export function resourcesServerOf(tree: Record<string, unknown>, agent: string): string {
  const impls = (tree[agent] as Row | undefined)?.responses_api_agents as Row | undefined;
  const inner = impls && typeof impls === 'object' ? (Object.values(impls)[0] as Row | undefined) : undefined;
  if (!inner) throw dataErrors.reverify(`Agent '${agent}' is not in the running environment's config; start the environment that produced these rollouts.`);
  const ref = inner.resources_server as Row | undefined;
  if (!ref || typeof ref.name !== 'string') throw dataErrors.reverify(`Agent '${agent}' has no resources_server in its config, so there is no verifier to call.`);
  return ref.name;
}

/** GET /reverify_mode; servers without the route are of unknown safety. */
async function reverifyMode(client: ServerClient, server: string): Promise<string> {
  const res = await client.get(server, '/reverify_mode');
  if (res.status === 404) return 'unknown';
  if (!res.ok) throw dataErrors.reverify(`Resources server '${server}' answered GET /reverify_mode with HTTP ${res.status}: ${res.text.slice(0, 300)}`);
  const mode = res.json<unknown>();
  return typeof mode === 'string' ? mode : String((mode as Row | null)?.mode ?? 'unknown');
}

function outputPathFor(file: string, unsafe: boolean): string {
  if (!unsafe || path.basename(file).startsWith('unsafe_')) return file;
  return path.join(path.dirname(file), `unsafe_${path.basename(file)}`);
}

/** The printed report: counts, means, and the first changed rewards as a table. */
export function formatReverifyReport(r: ReverifyResult, maxRows = 20): string {
  const fmt = fmtNumber;
  const lines = [
    `Reverified ${r.reverified} of ${r.total} rollouts${r.skipped ? ` (${r.skipped} already done)` : ''}: ${r.unchanged} unchanged, ${r.changedCount} changed, ${r.failed} failed.`,
    `Mean reward: ${fmt(r.meanOld)} -> ${fmt(r.meanNew)}`,
  ];
  if (r.changed.length > 0) {
    const rows = r.changed.slice(0, maxRows).map((c) => [String(c._ng_task_index), String(c._ng_rollout_index), c.agent_ref.name, fmt(c.old_reward), fmt(c.new_reward)]);
    lines.push('', ...table(['task', 'rollout', 'agent', 'old reward', 'new reward'], rows));
    if (r.changedCount > rows.length) lines.push(`… ${r.changedCount - rows.length} more in ${r.diffsPath}`);
  }
  lines.push('', `Wrote ${r.outputPath}`);
  if (r.changedCount) lines.push(`Wrote ${r.diffsPath}`);
  if (r.failed) lines.push(`Failures: ${r.failuresPath}`);
  return lines.join('\n');
}
