/**
 * Authoring commands: `ng init-resources-server`, `ng init-agent`,
 * `ng record-example-rollouts`, `ng test`, `ng test-all` and `ng dev-test`.
 * Each parses its `+key=value` options, calls the @gym/scaffold function
 * that does the work, and prints.
 */
import type { Command } from 'commander';
import { findRepoRoot, parseCliOverrides } from '@gym/config';
import {
  devTest,
  formatTestAllReport,
  initAgent,
  initResourcesServer,
  nextSteps,
  recordExampleRollouts,
  resolveServerFolder,
  scaffoldErrors,
  testAll,
  testServer,
  type InitResult,
} from '@gym/scaffold';
import { configArgv } from '../overrides.ts';
import { CliError } from '../user-errors.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** `+key=value` words as typed values, refusing keys the command does not take. */
function options(words: string[], command: string, allowed: string[]): Record<string, unknown> {
  const tree = parseCliOverrides(configArgv(words));
  const unknown = Object.keys(tree).filter((k) => !allowed.includes(k));
  if (unknown.length) {
    throw new CliError(`Unknown option +${unknown[0]}. \`ng ${command}\` takes ${allowed.length ? allowed.map((k) => `+${k}`).join(', ') : 'no options'}.`);
  }
  return tree;
}

function bool(tree: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const v = tree[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw scaffoldErrors.badOption(key, 'true or false', v);
  return v;
}

function int(tree: Record<string, unknown>, key: string, fallback: number): number {
  const v = tree[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw scaffoldErrors.badOption(key, 'an integer', v);
  return v;
}

function reportInit(result: InitResult): void {
  if (result.recorded) {
    const rewards = result.recorded.rewards.map((r) => r.toFixed(1)).join(', ');
    say(`Recorded ${result.recorded.rewards.length} example rollouts through ${result.recorded.agentName} (rewards ${rewards}).`);
  }
  say(`\n${result.relDir} is ready.`);
  for (const step of nextSteps(result)) say(`  ${step}`);
}

export function registerAuthoringCommands(program: Command): void {
  const init = (name: string, description: string, fn: typeof initResourcesServer) =>
    program
      .command(name)
      .description(description)
      .argument('[overrides...]', '+entrypoint=<folder>; +install=false skips linking and recording; +record=false skips recording')
      .action(async (words: string[]) => {
        const tree = options(words, name, ['entrypoint', 'install', 'record']);
        const result = await fn({
          repoRoot: findRepoRoot(),
          entrypoint: tree.entrypoint,
          install: bool(tree, 'install', true),
          record: bool(tree, 'record', true),
          log: say,
        });
        reportInit(result);
      });

  init(
    'init-resources-server',
    'Create resources_servers/<name>: a working sample tool + verify, config, 5 example rows, recorded example rollouts, tests and README.',
    initResourcesServer,
  );
  init(
    'init-agent',
    'Create responses_api_agents/<name>: an agent running its own model/tool loop, with config, example data, recorded rollouts, tests and README.',
    initAgent,
  );

  program
    .command('record-example-rollouts')
    .description("Re-record a server folder's data/example_rollouts.jsonl: start its config with the replay model (or +model_config) and run every example row.")
    .argument('[overrides...]', '+entrypoint=<folder>, +model_config=<model config yaml> (default: the replay model with fallback_policy first_tool)')
    .action(async (words: string[]) => {
      const tree = options(words, 'record-example-rollouts', ['entrypoint', 'model_config']);
      const repoRoot = findRepoRoot();
      const folder = resolveServerFolder(repoRoot, tree.entrypoint);
      const modelConfig = tree.model_config === undefined || tree.model_config === null ? undefined : String(tree.model_config);
      const result = await recordExampleRollouts({ repoRoot, relDir: folder.relDir, modelConfig, log: say });
      say(`Wrote ${result.rewards.length} rollouts to ${folder.relDir}/data/example_rollouts.jsonl (rewards ${result.rewards.map((r) => r.toFixed(1)).join(', ')}).`);
    });

  program
    .command('test')
    .description("Run one server folder's tests (vitest): +entrypoint=resources_servers/<name> [+should_validate_data=true].")
    .argument('[overrides...]', '+entrypoint=<folder>, +should_validate_data')
    .action(async (words: string[]) => {
      const tree = options(words, 'test', ['entrypoint', 'should_validate_data']);
      const result = await testServer({ repoRoot: findRepoRoot(), entrypoint: tree.entrypoint, validateData: bool(tree, 'should_validate_data', false) });
      if (result.dataProblems.length) {
        process.stderr.write(`Example data of ${result.folder.relDir} is not valid:\n${result.dataProblems.map((p) => `  - ${p}`).join('\n')}\n`);
      }
      process.exitCode = result.exitCode;
    });

  program
    .command('test-all')
    .description('Run the tests of every server folder (models, resources servers, agents), one folder at a time, and print a pass/fail table.')
    .argument('[overrides...]', '+num_shards, +shard_index, +should_validate_data (default true), +verbose (print every folder\'s output)')
    .action(async (words: string[]) => {
      const tree = options(words, 'test-all', ['num_shards', 'shard_index', 'should_validate_data', 'verbose']);
      const verbose = bool(tree, 'verbose', false);
      const result = await testAll({
        repoRoot: findRepoRoot(),
        numShards: int(tree, 'num_shards', 1),
        shardIndex: int(tree, 'shard_index', 0),
        validateData: bool(tree, 'should_validate_data', true),
        onResult: (r, done, of) => {
          const counts = r.counts ? ` (${r.counts.passed} passed, ${r.counts.failed} failed)` : '';
          say(`[${done}/${of}] ${r.folder.relDir}: ${r.status}${counts} in ${(r.durationMs / 1000).toFixed(1)}s`);
          if (verbose || r.status === 'failed') process.stdout.write(r.output);
        },
      });
      say(`\n${formatTestAllReport(result)}`);
      process.exitCode = result.ok ? 0 : 1;
    });

  program
    .command('dev-test')
    .description("Run the framework's own tests (packages/* and tests/).")
    .argument('[overrides...]', 'none')
    .action(async (words: string[]) => {
      options(words, 'dev-test', []);
      process.exitCode = await devTest({ repoRoot: findRepoRoot() });
    });
}
