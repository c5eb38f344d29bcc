/**
 * `convertToPivots`: recorded trajectories → pivot rows, one per accepted
 * assistant decision point, streamed line by line. Writes `<out>.jsonl`,
 * `<out>_skipped.jsonl` (every skip with its reason) and `<out>.metrics.json` (the reference's
 * name; `<out>_metrics.json` is where `ng prepare-data` keeps the dataset's own metrics).
 *
 * Two passes over the input: the first only collects per-task source rewards
 * (a few numbers per task), so each row can say whether its task's source
 * group had mixed rewards — the signal pivot selection prefers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { AGENT_REF_TYPE } from '../dataset/validate-row.ts';
import { JsonlWriter, readLines } from '../dataset/jsonl.ts';
import { UnsupportedSourceError, type CanonMessage } from './canonical.ts';
import { ConvertMetrics, type TrajectorySkipReason } from './convert-metrics.ts';
import { readSource, readTaskReward, type SourceFormat, type SourceMapping, type SourceTrajectory } from './source.ts';
import { positionOf, targetOf, toResponsesInput } from './to-row.ts';

export interface ConvertOptions {
  input: string;
  /** Output stem: writes `<out>.jsonl`, `<out>_skipped.jsonl`, `<out>.metrics.json` (a trailing `.jsonl` is dropped). */
  out: string;
  /** agent_ref.name of every row; must match the agent block of the generated config. */
  agentName: string;
  format?: SourceFormat;
  mapping?: SourceMapping;
  /** Keep only trajectories whose source reward is at least this (trajectories without a reward are dropped). */
  minReward?: number;
  /** Drop chat-message targets (tool-call pivots only). */
  skipChat?: boolean;
  /** Stop after this many rows. */
  limit?: number;
  /** `parallel_tool_calls` of every row (default true, as the reference converters write). */
  parallelToolCalls?: boolean;
  /** Add `model` to every row's params (only if the model path needs it). */
  model?: string;
}

export interface ConvertResult {
  rowsPath: string;
  skippedPath: string;
  metricsPath: string;
  metrics: ConvertMetrics;
}

interface TaskGroup {
  n: number;
  sum: number;
  min: number;
  max: number;
}

export function outputStem(out: string): string {
  return out.endsWith('.jsonl') ? out.slice(0, -'.jsonl'.length) : out;
}

function groupLabel(g: TaskGroup | undefined): string | undefined {
  if (!g) return undefined;
  if (g.n === 1) return 'single_trajectory';
  if (g.min < g.max) return 'mixed';
  return g.max >= 1 ? 'all_success' : g.max <= 0 ? 'all_failure' : 'uniform';
}

async function collectTaskGroups(input: string, mapping: SourceMapping | undefined): Promise<Map<string, TaskGroup>> {
  const groups = new Map<string, TaskGroup>();
  for await (const { text } of readLines(input)) {
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch {
      continue;
    }
    const { taskId, reward } = readTaskReward(row, mapping);
    if (taskId === undefined || reward === undefined) continue;
    const g = groups.get(taskId) ?? { n: 0, sum: 0, min: Infinity, max: -Infinity };
    groups.set(taskId, { n: g.n + 1, sum: g.sum + reward, min: Math.min(g.min, reward), max: Math.max(g.max, reward) });
  }
  return groups;
}

export async function convertToPivots(opts: ConvertOptions): Promise<ConvertResult> {
  const stem = outputStem(opts.out);
  const result = { rowsPath: `${stem}.jsonl`, skippedPath: `${stem}_skipped.jsonl`, metricsPath: `${stem}.metrics.json` };
  mkdirSync(dirname(stem), { recursive: true });
  const groups = await collectTaskGroups(opts.input, opts.mapping);
  const metrics = new ConvertMetrics();
  const rows = new JsonlWriter(result.rowsPath);
  const skipped = new JsonlWriter(result.skippedPath);
  const source = basename(opts.input);
  try {
    for await (const { line, text } of readLines(opts.input)) {
      if (opts.limit !== undefined && metrics.rows >= opts.limit) {
        metrics.limitReached = true;
        break;
      }
      metrics.sourceLines++;
      const skipTrajectory = (reason: TrajectorySkipReason, detail: string) => {
        metrics.trajectorySkips.add(reason);
        return skipped.write({ reason, source_line: line, detail });
      };
      let trajectory: SourceTrajectory;
      try {
        trajectory = readSource(JSON.parse(text), opts.format ?? 'auto', opts.mapping);
      } catch (err) {
        if (err instanceof SyntaxError) await skipTrajectory('invalid_json', err.message);
        else if (err instanceof UnsupportedSourceError) await skipTrajectory('unsupported_source', err.message);
        else throw err;
        continue;
      }
      if (opts.minReward !== undefined) {
        if (trajectory.reward === undefined) {
          await skipTrajectory('no_source_reward', `no source reward; --min-reward ${opts.minReward} needs one`);
          continue;
        }
        if (trajectory.reward < opts.minReward) {
          await skipTrajectory('below_min_reward', `source reward ${trajectory.reward} < ${opts.minReward}`);
          continue;
        }
      }
      metrics.trajectories++;
      const trajectoryId = trajectory.trajectoryId ?? `${source}:${line}`;
      const group = trajectory.taskId !== undefined ? groups.get(trajectory.taskId) : undefined;
      const ctx: TrajectoryContext = { opts, metrics, rows, skipped, trajectory, trajectoryId, line, source, group };
      await convertTrajectory(ctx);
    }
  } finally {
    await rows.close();
    await skipped.close();
  }
  writeFileSync(result.metricsPath, `${JSON.stringify(metrics.toJSON(), null, 2)}\n`);
  return { ...result, metrics };
}

interface TrajectoryContext {
  opts: ConvertOptions;
  metrics: ConvertMetrics;
  rows: JsonlWriter;
  skipped: JsonlWriter;
  trajectory: SourceTrajectory;
  trajectoryId: string;
  line: number;
  source: string;
  group: TaskGroup | undefined;
}

async function convertTrajectory(ctx: TrajectoryContext): Promise<void> {
  const { opts, metrics, trajectory } = ctx;
  const messages = trajectory.messages;
  const toolNames = new Set(trajectory.tools.map((t) => t.name as string));
  let assistantIndex = -1;
  for (let i = 0; i < messages.length; i++) {
    const turn = messages[i];
    if (turn.role !== 'assistant') continue;
    assistantIndex++;
    if (opts.limit !== undefined && metrics.rows >= opts.limit) {
      metrics.limitReached = true;
      return;
    }
    metrics.decisionPoints++;
    const prefix = messages.slice(0, i);
    const where = { trajectory_id: ctx.trajectoryId, source_line: ctx.line, source_message_index: turn.sourceIndex, source_assistant_index: assistantIndex };
    const target = targetOf(turn, toolNames);
    if (!target.ok) {
      metrics.turnSkips.add(target.reason);
      if (target.reason === 'multi_tool_target') {
        const calls = target.calls ?? [];
        metrics.multiToolCounts.add(calls.length);
        await ctx.skipped.write({
          ...where,
          uuid: trajectory.uuid,
          reason: target.reason,
          tool_call_count: calls.length,
          tool_names: calls.map((c) => c.name),
          tool_calls: calls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments })),
          metadata: trajectory.metadata,
        });
      } else {
        await ctx.skipped.write({ ...where, reason: target.reason, detail: target.detail });
      }
      continue;
    }
    if (prefix.length === 0) {
      metrics.turnSkips.add('empty_context');
      await ctx.skipped.write({ ...where, reason: 'empty_context', detail: 'the assistant speaks first: there is no context to condition on' });
      continue;
    }
    if (opts.skipChat && target.action.type === 'message') {
      metrics.turnSkips.add('chat_target_skipped');
      await ctx.skipped.write({ ...where, reason: 'chat_target_skipped', detail: '--skip-chat' });
      continue;
    }
    const row = buildRow(ctx, prefix, turn, target.action, assistantIndex);
    metrics.addRow(row);
    await ctx.rows.write(row);
  }
}

function buildRow(ctx: TrajectoryContext, prefix: CanonMessage[], turn: CanonMessage, action: { type: string; name?: string }, assistantIndex: number) {
  const { opts, trajectory } = ctx;
  const params: Record<string, unknown> = {
    input: toResponsesInput(prefix, ctx.trajectoryId),
    tools: trajectory.tools,
    parallel_tool_calls: opts.parallelToolCalls ?? true,
    tool_choice: 'auto',
  };
  if (opts.model) params.model = opts.model;
  const g = ctx.group;
  const provenance = omitUndefined({
    source: ctx.source,
    source_line: ctx.line,
    trajectory_id: ctx.trajectoryId,
    task_id: trajectory.taskId,
    rollout_id: trajectory.rolloutId,
    uuid: trajectory.uuid,
    source_reward: trajectory.reward,
    source_group: groupLabel(g),
    source_group_size: g?.n,
    source_group_reward_mean: g ? g.sum / g.n : undefined,
    message_index: turn.sourceIndex,
    assistant_index: assistantIndex,
    ...positionOf(prefix),
    pivot_has_reasoning: Boolean(turn.reasoning),
    pivot_reasoning_content: turn.reasoning,
    // Text said alongside a call is not part of the label; keep it for inspection.
    pivot_text: action.type === 'function_call' && turn.content ? turn.content : undefined,
  });
  return {
    responses_create_params: params,
    expected_action: action,
    agent_ref: { type: AGENT_REF_TYPE, name: opts.agentName },
    provenance,
  };
}

function omitUndefined<T extends Record<string, unknown>>(o: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}
