/**
 * `ng pivot validate | convert | config | select`: pivot datasets for the
 * single-step tool-use verifier. Each command parses its flags, calls the
 * matching @gym/pivot function and prints. Usage errors exit 2, failed
 * validation exits 1 (as the reference validator does).
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import {
  SOURCE_FORMATS,
  convertToPivots,
  formatFailure,
  formatSummary,
  loadSourceMapping,
  selectPivots,
  validatePivotFile,
  writePivotConfig,
  type SourceFormat,
} from '@gym/pivot';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const number = (flag: string) => (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${flag} expects a number.`);
  return n;
};
const count = (flag: string) => (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`${flag} expects a non-negative integer.`);
  return n;
};
const format = (value: string): SourceFormat => {
  if (!(SOURCE_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${SOURCE_FORMATS.join(', ')}.`);
  return value as SourceFormat;
};

export function registerPivotCommands(program: Command): void {
  const pivot = program
    .command('pivot')
    .description('Pivot datasets (one assistant decision point per row) for single_step_tool_use_with_argument_comparison.')
    // Bad usage exits 2, like argparse; help and version still exit 0. Subcommands created below inherit this.
    .exitOverride((err) => {
      throw err.exitCode === 0 ? err : new CommanderError(2, err.code, err.message);
    });

  pivot
    .command('validate')
    .description('Check a pivot JSONL against the row contract; print a summary, or the first failure and exit 1.')
    .requiredOption('--path <file>', 'pivot JSONL to check')
    .option('--agent-ref <name>', "every row's agent_ref.name must equal this")
    .option('--require-field <path>', 'dotted path that must be non-null in every row (repeatable)', collect, [])
    .option('--require-any-field <paths>', 'comma-separated dotted paths; at least one must be non-null (repeatable)', collect, [])
    .option('--require-provenance <field>', 'provenance.<field> must be non-null (repeatable)', collect, [])
    .option('--no-check-tool-names', 'do not require the expected tool among responses_create_params.tools')
    .option('--check-request-model', "also check rows against the verifier's request model (strict create params)", false)
    .option('--allow-batch', 'accept function_call_batch rows (parallel-call datasets)', false)
    .option('--all-errors', 'report every failing line instead of stopping at the first', false)
    .option('--config <path>', 'config file (repeatable): agent_ref must name an agent routed to this verifier', collect, [])
    .action(async (o: ValidateFlags) => {
      const report = await validatePivotFile(o.path, {
        agentRef: o.agentRef,
        requireFields: [...o.requireField, ...o.requireProvenance.map((f) => `provenance.${f}`)],
        requireAnyFields: o.requireAnyField.map((g) => g.split(',').map((p) => p.trim()).filter(Boolean)),
        checkToolNames: o.checkToolNames,
        checkRequestModel: o.checkRequestModel,
        allowBatch: o.allowBatch,
        allErrors: o.allErrors,
        configPaths: o.config,
      });
      if (!report.ok) {
        for (const failure of report.failures) process.stderr.write(`${formatFailure(failure)}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(formatSummary(report.summary));
    });

  pivot
    .command('convert')
    .description('Turn recorded trajectories into pivot rows: <out>.jsonl, <out>_skipped.jsonl, <out>_metrics.json.')
    .requiredOption('--input <file>', 'trajectories JSONL (chat messages, Responses input/output items, or a mapped format)')
    .requiredOption('--out <stem>', 'output path without extension')
    .requiredOption('--agent-name <name>', 'agent_ref.name of every row (the agent block of the config; conventionally *_agent)')
    .option('--format <format>', `source shape: ${SOURCE_FORMATS.join(', ')}`, format, 'auto')
    .option('--map <key=path>', 'field path of a custom source, e.g. messages=result.messages, reward=score (repeatable)', collect, [])
    .option('--mapping <file>', 'YAML mapping of the same keys (plus role_field, content_field, role_map)')
    .option('--min-reward <x>', 'keep only trajectories whose source reward is at least x', number('--min-reward'))
    .option('--skip-chat', 'drop message targets (tool-call pivots only)', false)
    .option('--limit <n>', 'stop after n rows', count('--limit'))
    .option('--no-parallel-tool-calls', 'write parallel_tool_calls: false (default true)')
    .option('--model <name>', 'add responses_create_params.model to every row')
    .action(async (o: ConvertFlags) => {
      const mapping = o.mapping || o.map.length ? loadSourceMapping({ file: o.mapping, pairs: o.map }) : undefined;
      const result = await convertToPivots({
        input: o.input,
        out: o.out,
        agentName: o.agentName,
        format: o.format,
        mapping,
        minReward: o.minReward,
        skipChat: o.skipChat,
        limit: o.limit,
        parallelToolCalls: o.parallelToolCalls,
        model: o.model,
      });
      const m = result.metrics;
      process.stdout.write(
        `${m.rows} pivot rows from ${m.decisionPoints} decision points in ${m.trajectories} trajectories ` +
          `(${m.turnSkips.total()} decision points and ${m.trajectorySkips.total()} source lines skipped).\n` +
          `rows:    ${result.rowsPath}\nskipped: ${result.skippedPath}\nmetrics: ${result.metricsPath}\n`,
      );
    });

  pivot
    .command('config')
    .description('Write the Gym YAML (verifier + tool_simulation_agent + train dataset) that runs a pivot JSONL as it is.')
    .requiredOption('--path <file>', 'pivot JSONL')
    .option('--out <file>', 'YAML to write (default: beside the JSONL)')
    .option('--agent-name <name>', "agent instance name (default: the first row's agent_ref.name)")
    .option('--threshold <x>', 'word_count_similarity_threshold', number('--threshold'), 0.0)
    .option('--parallel', 'score call counts (function_call_batch rows): switch on, subset and superset allowed, f1', false)
    .option('--description <text>', 'description of the verifier block')
    .option('--license <name>', 'license of the train dataset', 'TBD')
    .option('--force', 'overwrite an existing YAML', false)
    .action(async (o: ConfigFlags) => {
      const config = await writePivotConfig({
        rowsPath: o.path,
        out: o.out,
        agentName: o.agentName,
        threshold: o.threshold,
        parallel: o.parallel,
        description: o.description,
        license: o.license,
        force: o.force,
      });
      process.stdout.write(
        `Wrote ${config.path}: agent '${config.agentName}' → resources server '${config.resourcesServerName}'.\n` +
          `Run it with: ng run "+config_paths=[${config.path},<model config>.yaml]"\n`,
      );
    });

  pivot
    .command('select')
    .description('Keep pivots with mixed local rewards (drop all-0 and all-1 groups); write <out>.jsonl and <out>_report.json.')
    .requiredOption('--pivots <file>', 'candidate pivot rows the rollouts were collected on')
    .requiredOption('--rollouts <file>', 'rollouts JSONL (repeatable)', collect, [])
    .requiredOption('--out <stem>', 'output path without extension')
    .option('--min-rollouts <n>', 'rollouts needed to judge a pivot', count('--min-rollouts'), 8)
    .option('--target-count <n>', 'keep at most n pivots, dropping the easiest first', count('--target-count'))
    .action(async (o: SelectFlags) => {
      const result = await selectPivots({ pivots: o.pivots, rollouts: o.rollouts, out: o.out, minRollouts: o.minRollouts, targetCount: o.targetCount });
      const selection = result.report.selection as Record<string, string>;
      process.stdout.write(
        `kept ${selection.kept}; all-success ${selection.all_success}; all-failure ${selection.all_failure}; ` +
          `too few rollouts ${selection.insufficient_rollouts}; not profiled ${selection.unprofiled}.\n` +
          `rows:   ${result.rowsPath}\nreport: ${result.reportPath}\n`,
      );
    });
}

interface ValidateFlags {
  path: string;
  agentRef?: string;
  requireField: string[];
  requireAnyField: string[];
  requireProvenance: string[];
  checkToolNames: boolean;
  checkRequestModel: boolean;
  allowBatch: boolean;
  allErrors: boolean;
  config: string[];
}

interface ConvertFlags {
  input: string;
  out: string;
  agentName: string;
  format: SourceFormat;
  map: string[];
  mapping?: string;
  minReward?: number;
  skipChat: boolean;
  limit?: number;
  parallelToolCalls: boolean;
  model?: string;
}

interface ConfigFlags {
  path: string;
  out?: string;
  agentName?: string;
  threshold: number;
  parallel: boolean;
  description?: string;
  license: string;
  force: boolean;
}

interface SelectFlags {
  pivots: string;
  rollouts: string[];
  out: string;
  minRollouts: number;
  targetCount?: number;
}
