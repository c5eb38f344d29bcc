/**
 * Record a server folder's `data/example_rollouts.jsonl` for real: start the
 * folder's config with a policy model (by default the offline replay model,
 * told to improvise with `fallback_policy: first_tool` since nothing is
 * recorded for new prompts yet), collect one rollout per example row, and
 * write them in row order. The replay model then finds these rollouts, so
 * `ng run` works offline for the new environment.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_HEAD_SERVER_PORT, DEFAULT_HOST, DEFAULT_PORT_RANGE_HIGH, DEFAULT_PORT_RANGE_LOW, findOpenPort } from '@gym/config';
import { ServerClient } from '@gym/client';
import { agentDatasets, collectRollouts, resolveDatasetPath } from '@gym/data';
import { scaffoldErrors } from './errors.ts';

export const REPLAY_MODEL_CONFIG = 'responses_api_models/replay_model/configs/replay_model.yaml';
/** The replay model's answer to prompts it has no recording for, while recording: says what it is. */
export const PLACEHOLDER_ANSWER = 'Placeholder answer recorded offline by the replay model. Re-record these rollouts with a real model.';

export interface RecordOptions {
  repoRoot: string;
  /** The server folder, relative to the repo root: `resources_servers/my_env`. */
  relDir: string;
  /** A model config to use instead of the replay model (e.g. openai_model's). */
  modelConfig?: string;
  /** Progress lines. */
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface RecordResult {
  file: string;
  agentName: string;
  rewards: number[];
}

/** The command that re-records a folder's example rollouts; also what error messages tell users to run. */
export const recordCommand = (relDir: string) => `ng record-example-rollouts +entrypoint=${relDir}`;

export async function recordExampleRollouts(opts: RecordOptions): Promise<RecordResult> {
  const log = opts.log ?? (() => {});
  const name = path.basename(opts.relDir);
  const configPath = `${opts.relDir}/configs/${name}.yaml`;
  const retry = recordCommand(opts.relDir);
  if (!existsSync(path.join(opts.repoRoot, configPath))) throw scaffoldErrors.recordFailed(`${configPath} does not exist.`, retry);
  const modelConfig = opts.modelConfig ?? REPLAY_MODEL_CONFIG;
  // Prompts that match a recording are replayed; new ones get the first tool called, then a fixed answer.
  const replay = '++policy_model.responses_api_models.replay_model';
  const replayOverrides = opts.modelConfig === undefined ? [`${replay}.fallback_policy=first_tool`, `${replay}.fallback_message=${PLACEHOLDER_ANSWER}`] : [];
  const argv = [`+config_paths=[${configPath},${modelConfig}]`, `++head_server.port=${await findOpenPort({ low: DEFAULT_PORT_RANGE_LOW, high: DEFAULT_PORT_RANGE_HIGH, host: DEFAULT_HOST, disallowed: [DEFAULT_HEAD_SERVER_PORT] })}`, ...replayOverrides];

  // Servers' own output is kept for the error report only: a healthy recording prints a few lines.
  const serverOutput: string[] = [];
  const keep = (text: string) => {
    serverOutput.push(text.trimEnd());
    if (serverOutput.length > 60) serverOutput.shift();
  };
  const { startEnvironment } = await import('@gym/launcher');
  log(`Starting ${configPath} with ${modelConfig}${replayOverrides.length ? ' (fallback_policy: first_tool)' : ''}...`);
  let env;
  try {
    env = await startEnvironment({ argv, cwd: opts.repoRoot, write: keep, say: keep });
  } catch (err) {
    throw scaffoldErrors.recordFailed(`${(err as Error).message}\n${serverOutput.join('\n')}`, retry);
  }

  const work = mkdtempSync(path.join(tmpdir(), 'gym-record-'));
  try {
    const dataset = exampleDataset(env.loaded.tree, opts, retry);
    const output = path.join(work, 'rollouts.jsonl');
    log(`Collecting one rollout per row of ${dataset.jsonlFpath} through ${dataset.agent}...`);
    const result = await collectRollouts({
      inputJsonlFpath: dataset.file,
      outputJsonlFpath: output,
      agentName: dataset.agent,
      client: new ServerClient(env.loaded.tree),
      resumeFromCache: false,
      progress: 'none',
      disableAggregation: true,
      signal: opts.signal,
      log: () => {},
    });
    if (result.failed > 0 || result.collected !== result.total) {
      const failures = existsSync(result.files.failures) ? readFileSync(result.files.failures, 'utf8').slice(0, 2000) : '';
      throw scaffoldErrors.recordFailed(`${result.failed} of ${result.total} rollouts failed.\n${failures}\n${serverOutput.join('\n')}`, retry);
    }
    const lines = readFileSync(output, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((text) => ({ text, parsed: JSON.parse(text) as { _ng_task_index: number; _ng_rollout_index: number; reward: number } }))
      .sort((a, b) => a.parsed._ng_task_index - b.parsed._ng_task_index || a.parsed._ng_rollout_index - b.parsed._ng_rollout_index);
    const file = path.join(opts.repoRoot, opts.relDir, 'data', 'example_rollouts.jsonl');
    writeFileSync(file, lines.map((l) => `${l.text}\n`).join(''));
    return { file, agentName: dataset.agent, rewards: lines.map((l) => l.parsed.reward) };
  } finally {
    rmSync(work, { recursive: true, force: true });
    await env.stop();
  }
}

/** The agent dataset of type `example` whose file lives in this folder's data/. */
function exampleDataset(tree: Record<string, unknown>, opts: RecordOptions, retry: string): { agent: string; jsonlFpath: string; file: string } {
  const dataDir = path.join(opts.repoRoot, opts.relDir, 'data');
  for (const d of agentDatasets(tree, { types: ['example'] })) {
    const resolved = resolveDatasetPath(d.jsonlFpath, { cwd: opts.repoRoot, repoRoot: opts.repoRoot });
    if (resolved.exists && path.dirname(resolved.path) === dataDir) return { agent: d.agent, jsonlFpath: d.jsonlFpath, file: resolved.path };
  }
  throw scaffoldErrors.recordFailed(`no agent in the config lists an \`example\` dataset in ${opts.relDir}/data/.`, retry);
}
