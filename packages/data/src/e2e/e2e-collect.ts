/**
 * `ng e2e-collect-rollouts`: the whole evaluation loop in one command. Collate the agents'
 * datasets of one split, start the environment, collect a rollout per row, print the rewards,
 * and stop every server, whatever happens.
 */
import path from 'node:path';
import { ServerClient } from '@gym/client';
import { findRepoRoot, loadGlobalConfig } from '@gym/config';
import { prepareData } from '../dataset/prepare-data.ts';
import type { DatasetType } from '../dataset/dataset-config.ts';
import { dataErrors } from '../errors.ts';
import { fmtNumber, table } from '../format.ts';
import type { Row } from '../jsonl.ts';
import { collectRollouts, type CollectResult } from '../rollouts/collect-rollouts.ts';
import { existingRows } from '../rollouts/resume.ts';
import { optionalBool, readCollectSettings } from '../rollouts/settings.ts';

export interface E2eCollectOptions {
  /** Config words: `"+config_paths=[…]"` and the options (`+split`, `+output_jsonl_fpath`, `+agent_name`, `+limit`, …). */
  argv: string[];
  cwd?: string;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Report lines (default: stdout). */
  log?: (line: string) => void;
  /** Launcher status lines (default: stderr). */
  say?: (line: string) => void;
  /** Servers' own output (default: stdout, prefixed by instance). */
  write?: (text: string) => void;
  /** How many rollouts the printed table shows. */
  tableRows?: number;
}

export interface E2eCollectResult {
  split: string;
  collect: CollectResult;
  meanRewardByAgent: Record<string, number>;
  report: string;
}

export async function e2eCollectRollouts(opts: E2eCollectOptions): Promise<E2eCollectResult> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const { tree, configPaths } = await loadGlobalConfig({ argv: opts.argv, cwd: opts.cwd, env: opts.env, skipPortAssignment: true });
  const settings = readCollectSettings(tree);
  const split = typeof tree.split === 'string' ? tree.split : 'example';
  const resultsDir = String(tree.results_dir ?? path.resolve(opts.cwd ?? process.cwd(), 'results'));
  const stem = configPaths.length ? path.parse(configPaths[0]).name : 'rollouts';
  const output = path.resolve(opts.cwd ?? process.cwd(), settings.outputJsonlFpath ?? path.join(resultsDir, `${stem}_${split}_rollouts.jsonl`));
  const preprocessed = path.join(output.replace(/\.jsonl$/, ''), 'preprocessed_datasets');

  const prepared = await prepareData({
    tree,
    types: [split as DatasetType],
    agentName: settings.agentName,
    outputDirpath: preprocessed,
    sidecars: false,
    // A private copy of the data: always rewrite its metrics rather than compare them.
    writeMetrics: true,
    shouldDownload: optionalBool(tree, 'should_download') ?? true,
    hfToken: typeof tree.hf_token === 'string' ? tree.hf_token : undefined,
    cwd: opts.cwd,
    repoRoot: findRepoRoot(opts.env ?? process.env),
    log: () => {},
  });
  const input = prepared.collated[split as DatasetType];
  if (!input) throw dataErrors.noDatasets(`No '${split}' dataset could be collated (see the metrics conflicts above).`);
  log(`Collated ${prepared.datasets.reduce((n, d) => n + d.examples, 0)} '${split}' rows of ${new Set(prepared.datasets.map((d) => d.agent)).size} agent(s) into ${input}`);

  // Loaded on use: the launcher resolves its TypeScript loader at import time, which only the real CLI needs.
  const { startEnvironment } = await import('@gym/launcher');
  const env = await startEnvironment({ argv: opts.argv, cwd: opts.cwd, env: opts.env, say: opts.say, write: opts.write });
  let collect: CollectResult;
  try {
    collect = await collectRollouts({
      ...settings,
      agentName: undefined,
      inputJsonlFpath: input,
      outputJsonlFpath: output,
      client: new ServerClient(env.loaded.tree),
      signal: opts.signal,
      log,
    });
  } finally {
    await env.stop('Stopping every server.');
  }
  const { report, meanRewardByAgent } = await rewardReport(output, opts.tableRows ?? 20);
  return { split, collect, meanRewardByAgent, report };
}

/** The per-rollout reward table (first rows by task and rollout) and the mean reward of each agent. */
export async function rewardReport(rolloutsFile: string, maxRows: number): Promise<{ report: string; meanRewardByAgent: Record<string, number> }> {
  const sums = new Map<string, { sum: number; n: number }>();
  let first: Array<{ task: number; rollout: number; agent: string; reward: number }> = [];
  let total = 0;
  for await (const row of existingRows(rolloutsFile)) {
    const agent = String((row.agent_ref as Row | undefined)?.name);
    const reward = Number(row.reward);
    const s = sums.get(agent) ?? { sum: 0, n: 0 };
    sums.set(agent, { sum: s.sum + reward, n: s.n + 1 });
    total++;
    first.push({ task: Number(row._ng_task_index), rollout: Number(row._ng_rollout_index), agent, reward });
    // Keep only the rows the table shows: memory stays flat in the number of rollouts.
    if (first.length > 4 * maxRows) first = smallest(first, maxRows);
  }
  first = smallest(first, maxRows);
  const meanRewardByAgent = Object.fromEntries([...sums].map(([a, s]) => [a, s.sum / s.n]));
  const lines = table(['task', 'rollout', 'agent', 'reward'], first.map((r) => [String(r.task), String(r.rollout), r.agent, fmtNumber(r.reward)]));
  if (total > first.length) lines.push(`… ${total - first.length} more rollouts in ${rolloutsFile}`);
  lines.push('', ...table(['agent', 'rollouts', 'mean reward'], [...sums].map(([a, s]) => [a, String(s.n), fmtNumber(s.sum / s.n)])));
  return { report: lines.join('\n'), meanRewardByAgent };
}

function smallest<T extends { task: number; rollout: number }>(rows: T[], n: number): T[] {
  return rows.sort((a, b) => a.task - b.task || a.rollout - b.rollout).slice(0, n);
}
