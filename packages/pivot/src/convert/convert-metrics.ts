/**
 * What a conversion did, counted while streaming: skips by reason, action
 * types, tool names, position histograms, source-reward groups and how much
 * provenance each row carries. Rendered as `n / total (xx.xx%)`.
 */
import { Counter, share, shares } from '../dataset/counts.ts';

export type TrajectorySkipReason = 'unsupported_source' | 'invalid_json' | 'below_min_reward' | 'no_source_reward';
export type TurnSkipReason = 'no_action' | 'malformed_arguments' | 'missing_tool_schema' | 'multi_tool_target' | 'empty_context' | 'chat_target_skipped';

export const PROVENANCE_FIELDS = ['task_id', 'trajectory_id', 'rollout_id', 'source_reward', 'uuid', 'pivot_reasoning_content'] as const;

export class ConvertMetrics {
  sourceLines = 0;
  trajectories = 0;
  decisionPoints = 0;
  rows = 0;
  limitReached = false;
  readonly trajectorySkips = new Counter<TrajectorySkipReason>();
  readonly turnSkips = new Counter<TurnSkipReason>();
  readonly multiToolCounts = new Counter<number>();
  readonly actionTypes = new Counter();
  readonly toolNames = new Counter();
  readonly turns = new Counter<number>();
  readonly steps = new Counter<number>();
  readonly depths = new Counter<number>();
  readonly sourceGroups = new Counter();
  readonly provenance = new Counter();

  addRow(row: { expected_action: { type: string; name?: string }; provenance: Record<string, unknown> }): void {
    this.rows++;
    this.actionTypes.add(row.expected_action.type);
    if (row.expected_action.name) this.toolNames.add(row.expected_action.name);
    const p = row.provenance;
    this.turns.add(p.turn as number);
    this.steps.add(p.step as number);
    this.depths.add(p.depth as number);
    this.sourceGroups.add(typeof p.source_group === 'string' ? p.source_group : 'unknown');
    for (const field of PROVENANCE_FIELDS) if (p[field] !== undefined) this.provenance.add(field);
  }

  toJSON(): Record<string, unknown> {
    const rows = this.rows;
    return {
      counts: {
        source_lines: this.sourceLines,
        trajectories_converted: this.trajectories,
        skipped_trajectories: this.trajectorySkips.total(),
        decision_points: this.decisionPoints,
        rows,
        skipped_decision_points: this.turnSkips.total(),
        skipped_multi_tool_targets: this.turnSkips.get('multi_tool_target'),
        limit_reached: this.limitReached,
      },
      trajectory_skip_reasons: shares(this.trajectorySkips, this.sourceLines),
      skip_reasons: shares(this.turnSkips, this.decisionPoints),
      skipped_multi_tool_count: Object.fromEntries(this.multiToolCounts.byKey().map(([k, n]) => [String(k), n])),
      action_type: shares(this.actionTypes, rows),
      tool_name: shares(this.toolNames, rows),
      turn: shares(this.turns, rows, 'key'),
      step: shares(this.steps, rows, 'key'),
      depth: shares(this.depths, rows, 'key'),
      source_reward_group: shares(this.sourceGroups, rows),
      provenance_coverage: Object.fromEntries(PROVENANCE_FIELDS.map((f) => [f, share(this.provenance.get(f), rows)])),
    };
  }
}
