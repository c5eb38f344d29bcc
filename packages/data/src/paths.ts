/**
 * Names of the files that travel with a rollouts file: `X.jsonl` → `X_materialized_inputs.jsonl`,
 * `X_failures.jsonl`, `X_aggregate_metrics.json`, `X_reward_profiling.jsonl`, `X_agent_metrics.json`.
 */
import path from 'node:path';

/** `dir/X.ext` → `dir/X<suffix><ext>` (the reference's `with_stem(stem + suffix).with_suffix(ext)`). */
export function siblingPath(file: string, suffix: string, ext: string): string {
  const parsed = path.parse(file);
  return path.join(parsed.dir, `${parsed.name}${suffix}${ext}`);
}

export const rolloutFiles = (output: string) => ({
  output,
  materialized: siblingPath(output, '_materialized_inputs', '.jsonl'),
  failures: siblingPath(output, '_failures', '.jsonl'),
  aggregateMetrics: siblingPath(output, '_aggregate_metrics', '.json'),
});

export const profileFiles = (rollouts: string) => ({
  profiling: siblingPath(rollouts, '_reward_profiling', '.jsonl'),
  agentMetrics: siblingPath(rollouts, '_agent_metrics', '.json'),
});

/** `dir/X.jsonl` → `dir/X_metrics.json`, the metrics sidecar of a dataset. */
export const metricsSidecar = (jsonl: string) => siblingPath(jsonl, '_metrics', '.json');

/** `dir/X_metrics.json` → `dir/X_metrics_conflict.json`. */
export const conflictPath = (metricsFile: string) => siblingPath(metricsFile, '_conflict', '.json');

/** `(task, rollout)` as one map key. */
export const rolloutKey = (task: unknown, rollout: unknown) => `${task}:${rollout}`;
