/**
 * `writePivotConfig`: the Gym YAML that runs a pivot JSONL as it is — one
 * verifier block and one tool_simulation_agent block whose name is the rows'
 * `agent_ref.name`, with a train dataset pointing at the file.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { findRepoRoot } from '@gym/config';
import { PivotErrors } from '../dataset/errors.ts';
import { readLines } from '../dataset/jsonl.ts';
import { VERIFIER_IMPL } from '../dataset/config-routing.ts';

export const AGENT_IMPL = 'tool_simulation_agent';

export interface PivotConfigOptions {
  /** The pivot JSONL the config serves. */
  rowsPath: string;
  /** Where to write the YAML (default: beside the JSONL, same stem, `.yaml`). */
  out?: string;
  /** Agent instance name (default: the first row's agent_ref.name). */
  agentName?: string;
  /** word_count_similarity_threshold (default 0.0, as the reference's generated configs). */
  threshold?: number;
  /** Score call counts (for function_call_batch rows): switch on, both gates, f1. */
  parallel?: boolean;
  description?: string;
  license?: string;
  /** Paths inside this folder are written relative to it (default: the Gym repo root). */
  repoRoot?: string;
  force?: boolean;
}

export interface PivotConfig {
  path: string;
  agentName: string;
  resourcesServerName: string;
  tree: Record<string, unknown>;
}

/** The verifier's instance name: the agent name with its `_agent` suffix replaced (only the suffix). */
export function resourcesServerNameFor(agentName: string): string {
  return agentName.endsWith('_agent') ? `${agentName.slice(0, -'_agent'.length)}_resources_server` : `${agentName}_resources_server`;
}

async function firstAgentName(rowsPath: string): Promise<string | undefined> {
  for await (const { text } of readLines(rowsPath, 'pivot file')) {
    try {
      const name = (JSON.parse(text) as { agent_ref?: { name?: unknown } }).agent_ref?.name;
      return typeof name === 'string' && name !== '' ? name : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function pivotConfigTree(opts: { agentName: string; datasetPath: string; threshold?: number; parallel?: boolean; description?: string; license?: string }): Record<string, unknown> {
  const resourcesServerName = resourcesServerNameFor(opts.agentName);
  const comparator: Record<string, unknown> = { word_count_similarity_threshold: opts.threshold ?? 0.0 };
  if (opts.parallel) Object.assign(comparator, { parallel_tool_call_rewarding: true, allow_subset: true, allow_superset: true, parallel_tool_call_reward_mode: 'f1' });
  return {
    [resourcesServerName]: {
      resources_servers: {
        [VERIFIER_IMPL]: {
          entrypoint: 'app.ts',
          domain: 'agent',
          tool_call_comparator_config: comparator,
          verified: false,
          description: opts.description ?? `Single-step tool-use pivots from ${path.basename(opts.datasetPath)}.`,
        },
      },
    },
    [opts.agentName]: {
      responses_api_agents: {
        [AGENT_IMPL]: {
          entrypoint: 'app.ts',
          resources_server: { type: 'resources_servers', name: resourcesServerName },
          model_server: { type: 'responses_api_models', name: 'policy_model' },
          datasets: [{ name: 'train', type: 'train', jsonl_fpath: opts.datasetPath, num_repeats: 1, license: opts.license ?? 'TBD' }],
        },
      },
    },
  };
}

export async function writePivotConfig(opts: PivotConfigOptions): Promise<PivotConfig> {
  if (!existsSync(opts.rowsPath)) throw PivotErrors.fileNotFound(opts.rowsPath, 'pivot file');
  const agentName = opts.agentName ?? (await firstAgentName(opts.rowsPath));
  if (!agentName) throw PivotErrors.noAgentName(opts.rowsPath);
  const out = opts.out ?? `${opts.rowsPath.replace(/\.jsonl$/, '')}.yaml`;
  if (existsSync(out) && !opts.force) throw PivotErrors.outputExists(out);
  const root = path.resolve(opts.repoRoot ?? findRepoRoot());
  const abs = path.resolve(opts.rowsPath);
  const rel = path.relative(root, abs);
  const datasetPath = rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel.split(path.sep).join('/');
  const tree = pivotConfigTree({ agentName, datasetPath, threshold: opts.threshold, parallel: opts.parallel, description: opts.description, license: opts.license });
  writeFileSync(out, toYaml(tree));
  return { path: out, agentName, resourcesServerName: resourcesServerNameFor(agentName), tree };
}
