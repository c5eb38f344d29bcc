/**
 * `data/example_metrics.json` of a server folder: the dataset metrics
 * `ng prepare-data` computes and later checks the example rows against
 * (written here the way `+mode=example_validation +write_metrics=true` writes them).
 */
import path from 'node:path';
import { loadGlobalConfig } from '@gym/config';
import { prepareData } from '@gym/data';

/** (Re)write the metrics file of every example dataset in the folder's config; returns the files written. */
export async function writeExampleMetrics(opts: { repoRoot: string; relDir: string }): Promise<string[]> {
  const configPath = `${opts.relDir}/configs/${path.basename(opts.relDir)}.yaml`;
  // env.yaml is skipped: it may hold model settings (and secrets) that dataset metrics never need.
  const env = { ...process.env, GYM_ROOT: opts.repoRoot };
  const { tree } = await loadGlobalConfig({ argv: [`+config_paths=[${configPath}]`], cwd: opts.repoRoot, env, modelFree: true, skipPortAssignment: true, skipEnvYaml: true });
  const result = await prepareData({ tree, mode: 'example_validation', writeMetrics: true, cwd: opts.repoRoot, repoRoot: opts.repoRoot, log: () => {} });
  return result.datasets.flatMap((d) => (d.metricsFile ? [d.metricsFile] : []));
}
