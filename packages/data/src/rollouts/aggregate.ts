/**
 * The end of a collection: group the persisted rollouts by agent, sort them by (task, rollout),
 * ask each agent's `/aggregate_metrics` for its metrics and write `*_aggregate_metrics.json`.
 * Rows are re-read from the rollouts file and stripped of the bulky fields the metrics never use.
 */
import { writeFileSync } from 'node:fs';
import type { ServerClient } from '@gym/client';
import type { Row } from '../jsonl.ts';
import { existingRows } from './resume.ts';

/** Fields that only make the request large: the metrics read rewards, verify fields and usage. */
const STRIPPED_FIELDS = ['responses_create_params', 'ng_agent_observations', 'ng_model_call_capture', 'ng_trajectory'];

export interface AgentAggregate {
  agent_ref: { name: string };
  agent_metrics: Record<string, unknown>;
  key_metrics: Record<string, unknown>;
  group_level_metrics: unknown[];
}

/** A rollout as sent to `/aggregate_metrics`: without params, trajectories and the response body (its usage stays). */
export function stripForAggregation(row: Row): Row {
  const out: Row = { ...row };
  for (const k of STRIPPED_FIELDS) delete out[k];
  const usage = (row.response as Row | undefined)?.usage;
  if (usage) out.response = { usage };
  else delete out.response;
  return out;
}

export async function aggregateRollouts(opts: {
  rolloutsFile: string;
  aggregateFile: string;
  client: ServerClient;
  log: (line: string) => void;
}): Promise<AgentAggregate[]> {
  const byAgent = new Map<string, Array<{ task: number; rollout: number; json: string }>>();
  for await (const row of existingRows(opts.rolloutsFile)) {
    const name = String((row.agent_ref as Row | undefined)?.name ?? '');
    let list = byAgent.get(name);
    if (!list) byAgent.set(name, (list = []));
    list.push({ task: Number(row._ng_task_index), rollout: Number(row._ng_rollout_index), json: JSON.stringify(stripForAggregation(row)) });
  }

  const results: AgentAggregate[] = [];
  for (const [agent, list] of byAgent) {
    list.sort((a, b) => a.task - b.task || a.rollout - b.rollout);
    const body = `{"verify_responses":[${list.map((r) => r.json).join(',')}]}`;
    let res;
    try {
      res = await opts.client.post(agent, '/aggregate_metrics', body);
    } catch (err) {
      opts.log(`Warning: could not get aggregate metrics from agent '${agent}': ${(err as Error).message}`);
      continue;
    }
    if (!res.ok) {
      opts.log(`Warning: agent '${agent}' answered /aggregate_metrics with HTTP ${res.status}: ${res.text.slice(0, 500)}`);
      continue;
    }
    const m = res.json<Omit<AgentAggregate, 'agent_ref'>>();
    results.push({ agent_ref: { name: agent }, agent_metrics: m.agent_metrics, key_metrics: m.key_metrics, group_level_metrics: m.group_level_metrics });
    opts.log(`Key metrics for ${agent}:\n${JSON.stringify(m.key_metrics, null, 2)}`);
  }
  if (results.length > 0) writeFileSync(opts.aggregateFile, JSON.stringify(results, null, 2));
  return results;
}
