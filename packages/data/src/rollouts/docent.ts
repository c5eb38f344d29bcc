/**
 * The Docent contract: the fields every line of a rollouts file must carry so that Docent (and
 * Gym's own viewer and trainers) can show and join it.
 */
import type { Row } from '../jsonl.ts';

/** What is wrong with one rollout line; empty when it satisfies the contract. */
export function docentContractViolations(row: Row): string[] {
  const problems: string[] = [];
  const params = row.responses_create_params as Row | undefined;
  const input = params?.input;
  if (!(typeof input === 'string' || Array.isArray(input))) problems.push('responses_create_params.input is missing (string or list of items expected)');
  if (!Array.isArray((row.response as Row | undefined)?.output)) problems.push('response.output is missing (list of items expected)');
  if (typeof (row.agent_ref as Row | undefined)?.name !== 'string') problems.push('agent_ref.name is missing');
  if (!Number.isInteger(row._ng_task_index)) problems.push('_ng_task_index is not an integer');
  if (!Number.isInteger(row._ng_rollout_index)) problems.push('_ng_rollout_index is not an integer');
  if (typeof row.reward !== 'number' || Number.isNaN(row.reward)) problems.push('reward is not a number');
  return problems;
}
