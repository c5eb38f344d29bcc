/**
 * `ng prepare-data`: check every in-scope agent dataset, compute its metrics, reconcile them with
 * the committed `*_metrics.json`, and collate the rows of each dataset type into
 * `<output_dirpath>/<type>.jsonl` with `agent_ref` pointing at the agent that serves them.
 * Files are streamed line by line, twice (metrics, then collation).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findRepoRoot, type ConfigTree } from '@gym/config';
import { dataErrors } from '../errors.ts';
import { LineWriter, readRows } from '../jsonl.ts';
import { conflictPath, metricsSidecar } from '../paths.ts';
import { pyDumps, pyDumpsText } from '../python-json.ts';
import { agentDatasets, MODE_TYPES, resolveDatasetPath, type DatasetEntry, type DatasetType, type PrepareMode } from './dataset-config.ts';
import { DatasetMetrics, type TokenCounter } from './dataset-metrics.ts';
import { downloadDataset, type DownloadOptions } from './download.ts';
import { diffMetrics } from './metrics-diff.ts';

export interface PrepareDataOptions extends DownloadOptions {
  /** The merged config (as `loadGlobalConfig` returns it). */
  tree: ConfigTree;
  mode?: PrepareMode;
  /** In-scope dataset types; defaults to the mode's. */
  types?: readonly DatasetType[];
  /** Where `<type>.jsonl` and `<type>_metrics.json` go; without it only the per-dataset metrics are handled. */
  outputDirpath?: string;
  shouldDownload?: boolean;
  /** Write new metrics over conflicting ones (the conflict is still reported). */
  overwriteMetricsConflicts?: boolean;
  /** (Re)write every metrics file from the data, skipping the comparison. */
  writeMetrics?: boolean;
  /** Add real token counts (o200k_base) to the metrics. */
  countTokens?: boolean;
  /** Compare with and write the `*_metrics.json` next to each dataset (default true). */
  sidecars?: boolean;
  agentName?: string;
  cwd?: string;
  repoRoot?: string;
  log?: (line: string) => void;
}

export type MetricsFileStatus = 'written' | 'unchanged' | 'conflict' | 'overwritten';

export interface PreparedDataset {
  agent: string;
  name: string;
  type: DatasetType;
  path: string;
  examples: number;
  skippedRows: number;
  metricsFile?: string;
  metricsStatus?: MetricsFileStatus;
}

export interface PrepareDataResult {
  datasets: PreparedDataset[];
  /** `<output_dirpath>/<type>.jsonl` per collated type. */
  collated: Partial<Record<DatasetType, string>>;
  /** Conflict files written (`*_metrics_conflict.json`). */
  conflicts: string[];
}

const MAX_WARNINGS_PER_FILE = 10;

export async function prepareData(opts: PrepareDataOptions): Promise<PrepareDataResult> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const types = opts.types ?? MODE_TYPES[opts.mode ?? 'example_validation'];
  const roots = { cwd: opts.cwd ?? process.cwd(), repoRoot: opts.repoRoot ?? findRepoRoot() };
  const entries = agentDatasets(opts.tree, { types, agentName: opts.agentName });
  if (entries.length === 0) {
    throw dataErrors.noDatasets(
      `No agent in the config has a dataset of type ${types.join('/')}${opts.agentName ? ` (agent '${opts.agentName}')` : ''}. ` +
        'Pass the agent configs with "+config_paths=[…]"; datasets are listed under an agent\'s `datasets:`.',
    );
  }

  const files = await locateFiles(entries, types, roots, opts, log);
  const countTokens = opts.countTokens ? await loadTokenCounter() : undefined;
  const sidecars = opts.sidecars ?? true;
  const conflicts: string[] = [];
  const prepared: PreparedDataset[] = [];
  const byType = new Map<DatasetType, { metrics: DatasetMetrics; header: Record<string, unknown>; entries: Array<[DatasetEntry, string]> }>();

  for (const [i, entry] of entries.entries()) {
    const file = files[i];
    const { metrics, skipped } = await computeMetrics(entry, file, countTokens, log);
    const item: PreparedDataset = { agent: entry.agent, name: entry.name, type: entry.type, path: file, examples: metrics.examples, skippedRows: skipped };
    if (sidecars) {
      item.metricsFile = metricsSidecar(file);
      item.metricsStatus = reconcileMetricsFile(item.metricsFile, metrics.toJson(entry.metricsHeader), opts, conflicts);
    }
    log(`${entry.agent} / ${entry.name} (${entry.type}): ${metrics.examples} examples${skipped ? `, ${skipped} row(s) left out of the metrics` : ''}` +
      (item.metricsFile ? ` -> ${item.metricsFile} [${item.metricsStatus}]` : ''));
    prepared.push(item);

    const group = byType.get(entry.type);
    if (group) {
      group.metrics.merge(metrics);
      group.entries.push([entry, file]);
    } else {
      const merged = new DatasetMetrics(countTokens);
      merged.merge(metrics);
      byType.set(entry.type, { metrics: merged, header: entry.metricsHeader, entries: [[entry, file]] });
    }
  }

  const collated: PrepareDataResult['collated'] = {};
  if (opts.outputDirpath) {
    mkdirSync(opts.outputDirpath, { recursive: true });
    for (const type of types) {
      const group = byType.get(type);
      if (!group) continue;
      const metricsFile = path.join(opts.outputDirpath, `${type}_metrics.json`);
      const status = reconcileMetricsFile(metricsFile, group.metrics.toJson(group.header), opts, conflicts);
      if (status === 'conflict') {
        log(`Skipping the collation of '${type}': its metrics conflict with ${metricsFile}.`);
        continue;
      }
      collated[type] = await collateType(path.join(opts.outputDirpath, `${type}.jsonl`), group.entries);
      log(`Collated ${group.metrics.examples} '${type}' rows into ${collated[type]} (metrics: ${metricsFile} [${status}])`);
    }
  }

  if (conflicts.length > 0) {
    const targets = conflicts.map((c) => c.replace(/_conflict\.json$/, '.json'));
    const err = dataErrors.metricsConflicts(conflicts, targets);
    if (!opts.overwriteMetricsConflicts) throw err;
    log(err.message);
  }
  return { datasets: prepared, collated, conflicts };
}

/** Find every dataset file; download the missing ones when allowed, else fail listing them all. */
async function locateFiles(
  entries: DatasetEntry[],
  types: readonly DatasetType[],
  roots: { cwd: string; repoRoot: string },
  opts: PrepareDataOptions,
  log: (line: string) => void,
): Promise<string[]> {
  const found = entries.map((e) => resolveDatasetPath(e.jsonlFpath, roots));
  const missing = entries.map((e, i) => ({ e, f: found[i] })).filter((m) => !m.f.exists);
  if (missing.length === 0) return found.map((f) => f.path);
  const list = missing.map((m) => `- ${m.e.agent} / ${m.e.name} (${m.e.type}): ${m.e.jsonlFpath}`).join('\n');
  if (missing.some((m) => m.e.type === 'example') || types.every((t) => t === 'example')) throw dataErrors.missingExampleFiles(list);
  if (!opts.shouldDownload) throw dataErrors.missingFilesNoDownload(list);
  for (const { e, f } of missing) {
    log(`Downloading ${e.agent} / ${e.name} to ${f.path} ...`);
    await downloadDataset(e, f.path, opts);
  }
  return found.map((f) => f.path);
}

async function computeMetrics(entry: DatasetEntry, file: string, countTokens: TokenCounter | undefined, log: (line: string) => void) {
  const metrics = new DatasetMetrics(countTokens);
  let skipped = 0;
  for await (const { line, row } of readRows(file)) {
    const problem = metrics.observe(row, { file, line }, entry.numRepeats);
    if (problem === undefined) continue;
    skipped++;
    if (skipped <= MAX_WARNINGS_PER_FILE) log(`Warning: '${file}' line ${line}: ${problem}; the row is left out of the metrics but still collated.`);
  }
  if (skipped > MAX_WARNINGS_PER_FILE) log(`Warning: '${file}': ${skipped - MAX_WARNINGS_PER_FILE} more row(s) left out of the metrics.`);
  return { metrics, skipped };
}

/**
 * Compare new metrics with the file on disk: keep a matching file untouched, write a
 * `_conflict.json` beside a differing one, and write the file when it is absent (or when asked).
 */
export function reconcileMetricsFile(
  file: string,
  metrics: Record<string, unknown>,
  opts: { writeMetrics?: boolean; overwriteMetricsConflicts?: boolean },
  conflicts: string[],
): MetricsFileStatus {
  const text = pyDumps(metrics, { indent: 4 });
  if (opts.writeMetrics || !existsSync(file)) {
    writeFileSync(file, text);
    return 'written';
  }
  let previous: unknown;
  try {
    previous = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    previous = { '(unreadable file)': true };
  }
  const diffs = diffMetrics(previous, metrics);
  if (diffs.length === 0) return 'unchanged';
  const conflictFile = conflictPath(file);
  writeFileSync(conflictFile, text);
  conflicts.push(conflictFile);
  process.stderr.write(`Differences found in aggregate metrics of ${file}:\n${diffs.map((d) => `  - ${d}`).join('\n')}\n`);
  if (!opts.overwriteMetricsConflicts) return 'conflict';
  writeFileSync(file, text);
  return 'overwritten';
}

/** Write each dataset's rows (repeated, `agent_ref` set, Python spacing) into one file, in config order. */
async function collateType(target: string, entries: Array<[DatasetEntry, string]>): Promise<string> {
  const tmp = `${target}.tmp-${process.pid}`;
  const out = new LineWriter(tmp, 'w');
  try {
    for (const [entry, file] of entries) {
      const agentRef = { type: 'responses_api_agents', name: entry.agent };
      for await (const { text } of readRows(file)) {
        const line = pyDumpsText(text, { agent_ref: agentRef });
        for (let r = 0; r < entry.numRepeats; r++) out.writeText(line);
      }
    }
  } finally {
    out.close();
  }
  renameSync(tmp, target);
  return target;
}

async function loadTokenCounter(): Promise<TokenCounter> {
  const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
  return (text) => countTokens(text);
}
