/** Public API of @gym/data: dataset preparation, rollout collection, profiling and re-verification. */
export { DataError, dataErrors, type DataErrorCode } from './errors.ts';
export { readLines, readRows, parseRow, LineWriter, repairTornTail, type Row, type Line } from './jsonl.ts';
export { pyDumps, pyDumpsText, pyRound, pyString, PyFloat } from './python-json.ts';
export { siblingPath, rolloutFiles, profileFiles, metricsSidecar, conflictPath, rolloutKey } from './paths.ts';
export { table, fmtNumber } from './format.ts';

export {
  LICENSES,
  DATASET_TYPES,
  MODE_TYPES,
  agentDatasets,
  resolveDatasetPath,
  type DatasetEntry,
  type DatasetType,
  type PrepareMode,
  type DownloadSource,
} from './dataset/dataset-config.ts';
export { DatasetMetrics, WORDS_KEY, TOKENS_KEY, type TokenCounter } from './dataset/dataset-metrics.ts';
export { NumericStats, StringStats, roundMetric } from './dataset/accumulators.ts';
export { diffMetrics, numericClose } from './dataset/metrics-diff.ts';
export { downloadDataset, type DownloadOptions } from './dataset/download.ts';
export { prepareData, reconcileMetricsFile, type PrepareDataOptions, type PrepareDataResult, type PreparedDataset, type MetricsFileStatus } from './dataset/prepare-data.ts';

export { materializeInputs, checkNumRepeats, type MaterializeOptions, type MaterializeSummary, type NumRepeats } from './rollouts/materialize.ts';
export { readResumeState, existingRows, maxRolloutAttempts, MAX_ATTEMPTS_ENV, type ResumeState } from './rollouts/resume.ts';
export { createProgress, clock, type ProgressMode } from './rollouts/progress.ts';
export { aggregateRollouts, stripForAggregation, type AgentAggregate } from './rollouts/aggregate.ts';
export { collectRollouts, DEFAULT_CONCURRENCY, type CollectOptions, type CollectResult } from './rollouts/collect-rollouts.ts';
export { readCollectSettings, type CollectSettings } from './rollouts/settings.ts';
export { docentContractViolations } from './rollouts/docent.ts';

export { rewardProfile, type RewardProfileOptions, type RewardProfileResult } from './profile/reward-profile.ts';
export { reverifyRollouts, resourcesServerOf, formatReverifyReport, type ReverifyOptions, type ReverifyResult, type RewardChange } from './reverify/reverify.ts';
export { e2eCollectRollouts, rewardReport, type E2eCollectOptions, type E2eCollectResult } from './e2e/e2e-collect.ts';
