/**
 * Data and rollout commands: `ng prepare-data`, `ng collect-rollouts`, `ng reward-profile`,
 * `ng reverify` and `ng e2e-collect-rollouts`. Each parses its `+key=value` options, calls the
 * @gym/data function that does the work, and prints the result.
 */
import type { Command } from 'commander';
import { ServerClient, HEAD_URL_ENV } from '@gym/client';
import { loadGlobalConfig, parseCliOverrides } from '@gym/config';
import {
  collectRollouts,
  dataErrors,
  e2eCollectRollouts,
  formatReverifyReport,
  prepareData,
  readCollectSettings,
  reverifyRollouts,
  rewardProfile,
  type CollectResult,
  type PrepareMode,
} from '@gym/data';
import { configArgv } from '../overrides.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const say = (line: string) => process.stdout.write(`${line}\n`);

export function registerDataCommands(program: Command): void {
  program
    .command('prepare-data')
    .description('Validate agent datasets, check their *_metrics.json and collate them: +mode=example_validation|train_preparation +output_dirpath=<dir>')
    .option('--config <path>', 'config file (repeatable; same as +config_paths=[…])', collect, [])
    .argument('[overrides...]', '+mode, +output_dirpath, +should_download, +write_metrics, +count_tokens, +overwrite_metrics_conflicts, …')
    .action(async (words: string[], opts: { config: string[] }) => {
      const { tree } = await loadGlobalConfig({ argv: configArgv(words, opts.config), modelFree: true, skipPortAssignment: true });
      const mode = tree.mode ?? 'example_validation';
      if (mode !== 'example_validation' && mode !== 'train_preparation') throw dataErrors.badOption('mode', 'example_validation or train_preparation', mode);
      const output = tree.output_dirpath;
      const writeMetrics = tree.write_metrics === true;
      if (output === undefined && !writeMetrics) throw dataErrors.missingOption('output_dirpath', 'data/prepared');
      const str = (k: string) => (typeof tree[k] === 'string' ? (tree[k] as string) : undefined);
      const result = await prepareData({
        tree,
        mode: mode as PrepareMode,
        outputDirpath: output === undefined ? undefined : String(output),
        shouldDownload: tree.should_download === true,
        dataSource: tree.data_source === 'gitlab' ? 'gitlab' : 'huggingface',
        overwriteMetricsConflicts: tree.overwrite_metrics_conflicts === true,
        writeMetrics,
        countTokens: tree.count_tokens === true,
        agentName: str('agent_name'),
        hfToken: str('hf_token'),
        hfEndpoint: str('hf_endpoint'),
        mlflowTrackingUri: str('mlflow_tracking_uri'),
        mlflowTrackingToken: str('mlflow_tracking_token'),
        log: say,
      });
      for (const [type, file] of Object.entries(result.collated)) say(`${type}: ${file}`);
    });

  program
    .command('collect-rollouts')
    .description('Run every input row through its agent (needs `ng run`); rerunning the same command resumes a stopped run.')
    .option('-a, --agent <name>', 'agent for rows without agent_ref (+agent_name)')
    .option('-i, --input <file>', 'input JSONL (+input_jsonl_fpath)')
    .option('-o, --output <file>', 'rollouts JSONL (+output_jsonl_fpath)')
    .option('--limit <n>', 'only the first n rows (+limit)')
    .option('--num-repeats <n>', 'rollouts per row (+num_repeats)')
    .option('--concurrency <n>', 'parallel /run calls (+num_samples_in_parallel, default 64)')
    .option('--temperature <t>', 'override responses_create_params.temperature')
    .option('--top-p <p>', 'override responses_create_params.top_p')
    .option('--max-output-tokens <n>', 'override responses_create_params.max_output_tokens')
    .option('--resume', 'require continuing the previous run (+resume_from_cache=true)')
    .argument('[overrides...]', '+agent_name, +input_jsonl_fpath, +output_jsonl_fpath, +limit, +num_repeats, +num_samples_in_parallel, +responses_create_params.<k>=v, +resume_from_cache, +head_server.port, …')
    .action(async (words: string[], flags: Record<string, string | boolean | undefined>) => {
      const tree = parseCliOverrides(configArgv([...words, ...flagWords(flags)]));
      const settings = readCollectSettings(tree);
      if (!settings.inputJsonlFpath) throw dataErrors.missingOption('input_jsonl_fpath', 'data/example.jsonl');
      if (!settings.outputJsonlFpath) throw dataErrors.missingOption('output_jsonl_fpath', 'results/rollouts.jsonl');
      const client = await ServerClient.fromGlobalConfig({ headUrl: headUrlOf(tree) });
      const fromConfig = client.tree.num_samples_in_parallel;
      const result = await withInterrupt((signal) =>
        collectRollouts({
          ...settings,
          inputJsonlFpath: settings.inputJsonlFpath!,
          outputJsonlFpath: settings.outputJsonlFpath!,
          numSamplesInParallel: settings.numSamplesInParallel ?? (Number.isInteger(fromConfig) ? (fromConfig as number) : undefined),
          client,
          signal,
          log: say,
        }),
      );
      process.exitCode = reportCollection(result);
    });

  program
    .command('reward-profile')
    .description('Per-task and per-agent reward statistics of a collection: writes *_reward_profiling.jsonl and *_agent_metrics.json.')
    .option('--inputs <file>', 'materialized inputs (+materialized_inputs_jsonl_fpath)')
    .option('--rollouts <file>', 'rollouts (+rollouts_jsonl_fpath)')
    .argument('[overrides...]', '+materialized_inputs_jsonl_fpath, +rollouts_jsonl_fpath, +allow_partial_rollouts')
    .action(async (words: string[], flags: { inputs?: string; rollouts?: string }) => {
      const tree = parseCliOverrides(configArgv(words));
      const inputs = flags.inputs ?? tree.materialized_inputs_jsonl_fpath;
      const rollouts = flags.rollouts ?? tree.rollouts_jsonl_fpath;
      if (typeof inputs !== 'string') throw dataErrors.missingOption('materialized_inputs_jsonl_fpath', 'results/rollouts_materialized_inputs.jsonl');
      if (typeof rollouts !== 'string') throw dataErrors.missingOption('rollouts_jsonl_fpath', 'results/rollouts.jsonl');
      await rewardProfile({ materializedInputsJsonlFpath: inputs, rolloutsJsonlFpath: rollouts, allowPartialRollouts: tree.allow_partial_rollouts === true, log: say });
    });

  program
    .command('reverify')
    .description("Re-run /verify on stored rollouts with the current verifier (needs `ng run`) and report reward changes.")
    .argument('[overrides...]', '+input_jsonl_fpath, +output_jsonl_fpath, +force, +overwrite, +resume, +num_samples_in_parallel, +head_server.port')
    .action(async (words: string[]) => {
      const tree = parseCliOverrides(configArgv(words));
      if (typeof tree.input_jsonl_fpath !== 'string') throw dataErrors.missingOption('input_jsonl_fpath', 'results/rollouts.jsonl');
      const client = await ServerClient.fromGlobalConfig({ headUrl: headUrlOf(tree) });
      const result = await withInterrupt((signal) =>
        reverifyRollouts({
          inputJsonlFpath: tree.input_jsonl_fpath as string,
          outputJsonlFpath: typeof tree.output_jsonl_fpath === 'string' ? tree.output_jsonl_fpath : undefined,
          force: tree.force === true,
          overwrite: tree.overwrite === true,
          resume: tree.resume === true,
          numSamplesInParallel: Number.isInteger(tree.num_samples_in_parallel) ? (tree.num_samples_in_parallel as number) : undefined,
          client,
          signal,
          log: say,
        }),
      );
      say(formatReverifyReport(result));
      process.exitCode = result.failed > 0 ? 1 : 0;
    });

  program
    .command('e2e-collect-rollouts')
    .description('Start the environment, collect rollouts for every agent dataset of a split (+split=example), print the rewards and stop.')
    .option('--config <path>', 'config file (repeatable; same as +config_paths=[…])', collect, [])
    .argument('[overrides...]', '+split, +output_jsonl_fpath, +agent_name, +limit, +num_repeats, +num_samples_in_parallel, +resume_from_cache, …')
    .action(async (words: string[], opts: { config: string[] }) => {
      const argv = configArgv(words, opts.config);
      const result = await withInterrupt((signal) => e2eCollectRollouts({ argv, signal }));
      say(`\n${result.report}`);
      process.exitCode = reportCollection(result.collect);
      // Every server is stopped; only the launcher's shutdown grace timer could keep the process
      // waiting (up to shutdown_grace_seconds), so leave once this command's output is out.
      setTimeout(() => process.exit(), 200).unref();
    });
}

/** The reference's short flags, as `+key=value` words. */
function flagWords(flags: Record<string, string | boolean | undefined>): string[] {
  const map: Record<string, string> = {
    agent: 'agent_name',
    input: 'input_jsonl_fpath',
    output: 'output_jsonl_fpath',
    limit: 'limit',
    numRepeats: 'num_repeats',
    concurrency: 'num_samples_in_parallel',
    temperature: 'responses_create_params.temperature',
    topP: 'responses_create_params.top_p',
    maxOutputTokens: 'responses_create_params.max_output_tokens',
  };
  const words = Object.entries(map).flatMap(([flag, key]) => (flags[flag] === undefined ? [] : [`++${key}=${flags[flag]}`]));
  return flags.resume ? [...words, '++resume_from_cache=true'] : words;
}

/** `+head_server.host/port`, else NEMO_GYM_HEAD_SERVER_URL, else the default 127.0.0.1:11000. */
function headUrlOf(tree: Record<string, unknown>): string | undefined {
  const head = tree.head_server as { host?: unknown; port?: unknown } | undefined;
  if (head && (head.host !== undefined || head.port !== undefined)) return `http://${head.host ?? '127.0.0.1'}:${head.port ?? 11000}`;
  return process.env[HEAD_URL_ENV];
}

/** Run with Ctrl-C / SIGTERM turned into an abort: lines already written stay, the same command resumes. */
async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  // Reported once the command has stopped: a line printed now would tear the progress bar.
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await fn(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Print the collection summary; the exit code says whether every rollout has a result. */
function reportCollection(r: CollectResult): number {
  say(
    `Collected ${r.collected} rollouts this run (${r.alreadyDone} from earlier runs, ${r.total} in total)` +
      `${r.failed ? `; ${r.failed} failed (see ${r.files.failures})` : ''}${r.notAttempted ? `; ${r.notAttempted} not attempted after the early stop` : ''}${r.notPersisted ? `; ${r.notPersisted} not persisted` : ''}.`,
  );
  say(`Rollouts: ${r.files.output}\nMaterialized inputs: ${r.files.materialized}`);
  if (r.aggregate.length) say(`Aggregate metrics: ${r.files.aggregateMetrics}`);
  if (r.interrupted) {
    process.stderr.write('Interrupted: every rollout written so far is kept; rerun the same command to resume.\n');
    return 130;
  }
  if (r.stoppedEarly) {
    process.stderr.write(`Error: stopped early: ${r.stoppedEarly}. Fix the cause and rerun the same command to resume.\n`);
    return 1;
  }
  if (r.requestFailures > 0) {
    process.stderr.write(`Error: ${r.requestFailures} rollouts got no result (see ${r.files.failures}); rerun the same command to retry them.\n`);
    return 1;
  }
  return 0;
}
