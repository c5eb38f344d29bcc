/**
 * Collection settings read from `+key=value` options (already parsed into a tree), checked once
 * with messages naming the option. Shared by `ng collect-rollouts` and `ng e2e-collect-rollouts`.
 */
import { dataErrors } from '../errors.ts';
import { checkNumRepeats, type NumRepeats } from './materialize.ts';
import type { ProgressMode } from './progress.ts';

export interface CollectSettings {
  agentName?: string;
  inputJsonlFpath?: string;
  outputJsonlFpath?: string;
  limit?: number | null;
  numRepeats?: NumRepeats;
  numRepeatsAddSeed?: boolean;
  numSamplesInParallel?: number | null;
  responsesCreateParams?: Record<string, unknown>;
  resumeFromCache?: boolean | 'auto';
  disableAggregation?: boolean;
  progress?: ProgressMode;
}

const UNSUPPORTED = ['prompt_config', 'skills'];

export function readCollectSettings(tree: Record<string, unknown>): CollectSettings {
  for (const key of UNSUPPORTED) {
    if (tree[key] !== undefined && tree[key] !== null) throw dataErrors.badOption(key, 'unset: this option is not supported yet', tree[key]);
  }
  const out: CollectSettings = {
    agentName: optionalString(tree, 'agent_name'),
    inputJsonlFpath: optionalString(tree, 'input_jsonl_fpath'),
    outputJsonlFpath: optionalString(tree, 'output_jsonl_fpath'),
    limit: optionalInt(tree, 'limit', 0),
    numRepeats: checkNumRepeats(tree.num_repeats),
    numRepeatsAddSeed: optionalBool(tree, 'num_repeats_add_seed'),
    numSamplesInParallel: optionalInt(tree, 'num_samples_in_parallel', 1),
    disableAggregation: optionalBool(tree, 'disable_aggregation'),
  };
  const params = tree.responses_create_params;
  if (params !== undefined && params !== null) {
    if (typeof params !== 'object' || Array.isArray(params)) throw dataErrors.badOption('responses_create_params', 'a mapping (e.g. +responses_create_params.temperature=0.6)', params);
    out.responsesCreateParams = params as Record<string, unknown>;
  }
  const resume = tree.resume_from_cache;
  if (resume === undefined || resume === null || resume === 'auto') out.resumeFromCache = 'auto';
  else if (typeof resume === 'boolean') out.resumeFromCache = resume;
  else throw dataErrors.badOption('resume_from_cache', 'true, false or auto', resume);
  const progress = tree.progress;
  if (progress === false) out.progress = 'none';
  else if (progress === true) out.progress = 'bar';
  else if (progress === undefined || progress === null) out.progress = 'auto';
  else if (['auto', 'bar', 'lines', 'none'].includes(String(progress))) out.progress = progress as ProgressMode;
  else throw dataErrors.badOption('progress', 'auto, bar, lines or none', progress);
  return out;
}

export function optionalString(tree: Record<string, unknown>, key: string): string | undefined {
  const v = tree[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string' || v === '') throw dataErrors.badOption(key, 'a non-empty string', v);
  return v;
}

export function optionalInt(tree: Record<string, unknown>, key: string, min: number): number | undefined {
  const v = tree[key];
  if (v === undefined || v === null) return undefined;
  if (!Number.isInteger(v) || (v as number) < min) throw dataErrors.badOption(key, `an integer >= ${min}`, v);
  return v as number;
}

export function optionalBool(tree: Record<string, unknown>, key: string): boolean | undefined {
  const v = tree[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw dataErrors.badOption(key, 'true or false', v);
  return v;
}
