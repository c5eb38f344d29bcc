/**
 * The `datasets:` entries of agent servers in a merged config: which ones are in scope for a
 * mode, their checked fields (license, repeats, download source) and where their file is.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ConfigTree } from '@gym/config';
import { dataErrors } from '../errors.ts';

export const LICENSES = [
  'Apache 2.0',
  'MIT',
  'Creative Commons Attribution 4.0 International',
  'Creative Commons Attribution-ShareAlike 4.0 International',
  'CC BY-SA 4.0',
  'CC BY-NC 3.0',
  'NVIDIA Internal Use Only, Do Not Distribute',
  'NVIDIA Evaluation Dataset License Agreement',
  'TBD',
  'GNU General Public License v3.0',
] as const;

export const DATASET_TYPES = ['train', 'validation', 'example', 'benchmark'] as const;
export type DatasetType = (typeof DATASET_TYPES)[number];

export type PrepareMode = 'example_validation' | 'train_preparation';

export const MODE_TYPES: Record<PrepareMode, DatasetType[]> = {
  example_validation: ['example'],
  train_preparation: ['train', 'validation', 'benchmark'],
};

export interface DownloadSource {
  type: 'huggingface' | 'gitlab';
  repo_id?: string;
  dataset_name?: string;
  version?: string;
  artifact_fpath?: string;
}

export interface DatasetEntry {
  /** The agent instance whose config lists this dataset (becomes `agent_ref.name`). */
  agent: string;
  name: string;
  type: DatasetType;
  /** As written in the config (relative to the working directory or the repository root). */
  jsonlFpath: string;
  numRepeats: number;
  license: string | null;
  /** Where a missing file can be downloaded from (both deprecated identifiers may be set: `data_source` picks). */
  sources: DownloadSource[];
  /** The config fields exactly as the reference writes them at the top of `*_metrics.json`. */
  metricsHeader: Record<string, unknown>;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every agent dataset of the given types, in config order (agents, then their list order). */
export function agentDatasets(tree: ConfigTree, opts: { types: readonly string[]; agentName?: string }): DatasetEntry[] {
  const out: DatasetEntry[] = [];
  // Blocks are read directly (not through the instance scan) so that a bad dataset entry gets
  // this module's message instead of making the whole agent invisible.
  for (const [name, block] of Object.entries(tree)) {
    if (!isMap(block) || !isMap(block.responses_api_agents)) continue;
    if (opts.agentName && name !== opts.agentName) continue;
    const inner = Object.values(block.responses_api_agents)[0];
    const datasets = isMap(inner) ? inner.datasets : undefined;
    if (!Array.isArray(datasets)) continue;
    datasets.forEach((raw, i) => {
      if (!isMap(raw) || !opts.types.includes(String(raw.type))) return;
      out.push(checkDataset(name, i, raw));
    });
  }
  return out;
}

function checkDataset(agent: string, index: number, raw: Record<string, unknown>): DatasetEntry {
  const where = `${agent}.datasets[${index}]${typeof raw.name === 'string' ? ` ('${raw.name}')` : ''}`;
  const fail = (problem: string) => dataErrors.badDatasetConfig(where, problem);
  if (typeof raw.name !== 'string' || raw.name === '') throw fail('`name` is required.');
  if (typeof raw.jsonl_fpath !== 'string' || raw.jsonl_fpath === '') throw fail('`jsonl_fpath` is required (the dataset file, relative to the repository root).');
  const type = String(raw.type) as DatasetType;
  if (!DATASET_TYPES.includes(type)) throw fail(`\`type\` must be one of ${DATASET_TYPES.join(', ')}; got '${type}'.`);

  const numRepeats = raw.num_repeats ?? 1;
  if (!Number.isInteger(numRepeats) || (numRepeats as number) < 1) throw fail(`\`num_repeats\` must be an integer >= 1; got ${JSON.stringify(numRepeats)}.`);

  const license = raw.license ?? null;
  if (license !== null && !(LICENSES as readonly unknown[]).includes(license)) {
    throw fail(`\`license\` ${JSON.stringify(license)} is not a known license. Use one of: ${LICENSES.map((l) => `"${l}"`).join(', ')}.`);
  }
  if ((type === 'train' || type === 'validation') && license === null) throw fail(`A license is required for ${raw.name} (train and validation datasets must declare one).`);

  const hasSource = raw.source !== undefined && raw.source !== null;
  const gitlab = raw.gitlab_identifier ?? null;
  const hf = raw.huggingface_identifier ?? null;
  if (hasSource && (gitlab !== null || hf !== null)) {
    throw fail('`source` cannot be combined with the deprecated `gitlab_identifier`/`huggingface_identifier`; keep only `source`.');
  }
  if (type === 'benchmark' && raw.prompt_config) {
    throw fail('benchmark `prompt_config` templates are not supported by this tool yet; prepare the benchmark jsonl with its prompt already applied.');
  }

  const header: Record<string, unknown> = {
    name: raw.name,
    type,
    jsonl_fpath: raw.jsonl_fpath,
    num_repeats: numRepeats,
    gitlab_identifier: gitlab,
    huggingface_identifier: hf,
    license,
  };
  // The recorded reference files have no `source` key; newer ones add it, so write it only when set.
  if (hasSource) header.source = raw.source;
  return {
    agent,
    name: raw.name,
    type,
    jsonlFpath: raw.jsonl_fpath,
    numRepeats: numRepeats as number,
    license: license as string | null,
    sources: downloadSources(raw, fail),
    metricsHeader: header,
  };
}

function downloadSources(raw: Record<string, unknown>, fail: (p: string) => Error): DownloadSource[] {
  if (isMap(raw.source)) {
    const t = raw.source.type;
    if (t !== 'huggingface' && t !== 'gitlab') throw fail('`source.type` must be "huggingface" or "gitlab".');
    return [raw.source as unknown as DownloadSource];
  }
  const out: DownloadSource[] = [];
  if (isMap(raw.huggingface_identifier)) out.push({ type: 'huggingface', ...(raw.huggingface_identifier as object) });
  if (isMap(raw.gitlab_identifier)) out.push({ type: 'gitlab', ...(raw.gitlab_identifier as object) });
  return out;
}

/** The dataset file: the path itself when absolute, else under the working directory, else under the repository root. */
export function resolveDatasetPath(jsonlFpath: string, roots: { cwd: string; repoRoot: string }): { path: string; exists: boolean } {
  if (path.isAbsolute(jsonlFpath)) return { path: jsonlFpath, exists: existsSync(jsonlFpath) };
  for (const root of [roots.cwd, roots.repoRoot]) {
    const candidate = path.resolve(root, jsonlFpath);
    if (existsSync(candidate)) return { path: candidate, exists: true };
  }
  return { path: path.resolve(roots.repoRoot, jsonlFpath), exists: false };
}
