/**
 * `ng reward-profile`: join rollouts to their materialized inputs by `(task, rollout)` and write
 * per-task statistics (`*_reward_profiling.jsonl`) and per-agent statistics
 * (`*_agent_metrics.json`). Strict by default: every input needs exactly one rollout.
 * Only the numeric fields of each rollout are kept in memory.
 */
import { writeFileSync } from 'node:fs';
import { numericFields, rolloutInfo, statMajor, usageFields } from '@gym/metrics';
import { dataErrors } from '../errors.ts';
import { readRows, type Row } from '../jsonl.ts';
import { profileFiles, rolloutKey } from '../paths.ts';

export interface RewardProfileOptions {
  materializedInputsJsonlFpath: string;
  rolloutsJsonlFpath: string;
  /** Profile the tasks that have rollouts even if some inputs have none. */
  allowPartialRollouts?: boolean;
  log?: (line: string) => void;
}

export interface RewardProfileResult {
  profilingPath: string;
  agentMetricsPath: string;
  rollouts: number;
  expectedRollouts: number;
  tasks: { total: number; complete: number; partial: number; missing: number };
}

interface TaskInfo {
  sample: Row;
  expected: number;
  agent: string;
}

interface RolloutStats {
  task: number;
  rollout: number;
  agent: string;
  values: Record<string, number>;
  info: Record<string, unknown>;
}

export async function rewardProfile(opts: RewardProfileOptions): Promise<RewardProfileResult> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const { tasks, inputAgent } = await readInputs(opts.materializedInputsJsonlFpath);
  const rollouts = await readRollouts(opts.rolloutsJsonlFpath, inputAgent);

  const missing = [...inputAgent.keys()].filter((k) => !rollouts.seen.has(k));
  if (missing.length > 0 && !opts.allowPartialRollouts) {
    throw dataErrors.profile(
      `${missing.length} of ${inputAgent.size} materialized rollouts have no row in '${opts.rolloutsJsonlFpath}' ` +
        `(e.g. (task, rollout) ${missing.slice(0, 5).map((k) => `(${k.replace(':', ', ')})`).join(', ')}). ` +
        'Finish the collection (rerun the same `ng collect-rollouts` command), or pass ++allow_partial_rollouts=True to profile the completed ones.',
    );
  }

  const rows = rollouts.list.sort((a, b) => a.task - b.task || a.rollout - b.rollout);
  const columns: string[] = [];
  const seenColumns = new Set<string>();
  for (const r of rows) for (const c of Object.keys(r.values)) if (!seenColumns.has(c)) (seenColumns.add(c), columns.push(c));

  const byTask = groupBy(rows, (r) => r.task);
  const files = profileFiles(opts.rolloutsJsonlFpath);
  const profileLines: string[] = [];
  let complete = 0;
  for (const task of [...byTask.keys()].sort((a, b) => a - b)) {
    const group = byTask.get(task)!;
    const info = tasks.get(task)!;
    if (group.length === info.expected) complete++;
    profileLines.push(
      JSON.stringify({
        _ng_task_index: task,
        ...statMajor(columns, group.map((r) => r.values)),
        sample: info.sample,
        num_rollouts: group.length,
        expected_num_rollouts: info.expected,
        missing_num_rollouts: info.expected - group.length,
        reward_profile_completion_pct: (100 * group.length) / info.expected,
        rollout_infos: group.map((r) => r.info),
      }),
    );
  }
  writeFileSync(files.profiling, profileLines.map((l) => `${l}\n`).join(''));

  const byAgent = groupBy(rows, (r) => r.agent);
  const agentMetrics = [...byAgent.keys()].sort().map((agent) => ({ ...statMajor(columns, byAgent.get(agent)!.map((r) => r.values)), agent_ref: { name: agent } }));
  writeFileSync(files.agentMetrics, JSON.stringify(agentMetrics));

  const result: RewardProfileResult = {
    profilingPath: files.profiling,
    agentMetricsPath: files.agentMetrics,
    rollouts: rows.length,
    expectedRollouts: inputAgent.size,
    tasks: { total: tasks.size, complete, partial: byTask.size - complete, missing: tasks.size - byTask.size },
  };
  const pct = result.expectedRollouts ? ((100 * result.rollouts) / result.expectedRollouts).toFixed(2) : '0.00';
  log(`Reward profile completion: ${result.rollouts}/${result.expectedRollouts} rollout rows (${pct}%)`);
  log(`Input tasks: ${result.tasks.total} total, ${result.tasks.complete} complete, ${result.tasks.partial} partial, ${result.tasks.missing} missing`);
  log(`Wrote ${files.profiling}\nWrote ${files.agentMetrics}`);
  return result;
}

async function readInputs(file: string) {
  const tasks = new Map<number, TaskInfo>();
  const inputAgent = new Map<string, string>();
  for await (const { line, row } of readRows(file)) {
    const { task, rollout } = indices(file, line, row);
    const key = rolloutKey(task, rollout);
    if (inputAgent.has(key)) throw dataErrors.profile(`Duplicate materialized input row for rollout key (${task}, ${rollout}) at line ${line} of '${file}'.`);
    const agent = String((row.agent_ref as Row | undefined)?.name ?? '');
    inputAgent.set(key, agent);
    const info = tasks.get(task);
    if (info) info.expected++;
    else {
      const { _ng_task_index: _t, _ng_rollout_index: _r, ...sample } = row;
      tasks.set(task, { sample, expected: 1, agent });
    }
  }
  return { tasks, inputAgent };
}

async function readRollouts(file: string, inputAgent: Map<string, string>) {
  const list: RolloutStats[] = [];
  const seen = new Set<string>();
  for await (const { line, row } of readRows(file)) {
    const { task, rollout } = indices(file, line, row);
    const key = rolloutKey(task, rollout);
    if (seen.has(key)) throw dataErrors.profile(`Duplicate rollout row for rollout key (${task}, ${rollout}) at line ${line} of '${file}'.`);
    seen.add(key);
    const agent = inputAgent.get(key);
    if (agent === undefined) {
      throw dataErrors.profile(`Rollout row for key (${task}, ${rollout}) at line ${line} of '${file}' has no materialized input row; pass the materialized inputs of the run that produced these rollouts.`);
    }
    if (!row.response || typeof row.response !== 'object') throw dataErrors.profile(`Rollout at line ${line} of '${file}' has no \`response\` object.`);
    list.push({ task, rollout, agent, values: { ...numericFields(row), ...usageFields(row) }, info: rolloutInfo(row) });
  }
  return { list, seen };
}

function indices(file: string, line: number, row: Row): { task: number; rollout: number } {
  const task = row._ng_task_index;
  const rollout = row._ng_rollout_index;
  if (!Number.isInteger(task) || !Number.isInteger(rollout)) {
    throw dataErrors.profile(`Line ${line} of '${file}' has no integer _ng_task_index/_ng_rollout_index; profile files written by \`ng collect-rollouts\`.`);
  }
  return { task: task as number, rollout: rollout as number };
}

function groupBy<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
