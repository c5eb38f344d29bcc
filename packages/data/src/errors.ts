/**
 * Every error the data tools show a user, declared once with a stable code and a message that
 * names the file, line or key involved and says what to do next. The CLI prints these as one line.
 */

export type DataErrorCode =
  | 'GYM_DATA_BAD_JSON'
  | 'GYM_DATA_BAD_ROW'
  | 'GYM_DATA_BAD_DATASET_CONFIG'
  | 'GYM_DATA_MISSING_FILE'
  | 'GYM_DATA_DOWNLOAD'
  | 'GYM_DATA_METRICS_CONFLICT'
  | 'GYM_DATA_BAD_OPTION'
  | 'GYM_DATA_NO_AGENT'
  | 'GYM_DATA_RESUME'
  | 'GYM_DATA_PROFILE'
  | 'GYM_DATA_REVERIFY'
  | 'GYM_DATA_OUTPUT_EXISTS'
  | 'GYM_DATA_NO_DATASETS';

export class DataError extends Error {
  readonly code: DataErrorCode;
  constructor(code: DataErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataError';
    this.code = code;
  }
}

const EXAMPLE_ROW = '{"responses_create_params": {"input": [{"role": "user", "content": "…"}]}}';

export const dataErrors = {
  badJson: (file: string, line: number, reason: string) =>
    new DataError('GYM_DATA_BAD_JSON', `Malformed JSON in '${file}' at line ${line}: ${reason}. Every line must be one JSON object.`),
  notAnObject: (file: string, line: number) =>
    new DataError('GYM_DATA_BAD_ROW', `'${file}' line ${line}: expected a JSON object, found another JSON value. Every line must be one row like ${EXAMPLE_ROW}.`),
  missingInput: (file: string, line: number, what: string) =>
    new DataError('GYM_DATA_BAD_ROW', `'${file}' line ${line}: ${what}. Every row needs the prompt the agent runs, e.g. ${EXAMPLE_ROW}.`),
  mixedFieldTypes: (file: string, line: number, key: string) =>
    new DataError('GYM_DATA_BAD_ROW', `'${file}' line ${line}: field '${key}' holds both numbers and strings across rows; give it one type so its statistics can be computed.`),
  badDatasetConfig: (where: string, problem: string) => new DataError('GYM_DATA_BAD_DATASET_CONFIG', `Dataset ${where}: ${problem}`),
  missingExampleFiles: (list: string) =>
    new DataError('GYM_DATA_MISSING_FILE', `You must provide the above missing example jsonl files!\n${list}\nEvery agent's example dataset must be committed next to its server.`),
  missingFilesNoDownload: (list: string) =>
    new DataError(
      'GYM_DATA_MISSING_FILE',
      `Missing local datasets:\n${list}\nYou must provide local datasets since download is disabled. Run with \`+should_download=true\` to enable downloading.`,
    ),
  download: (what: string, reason: string) => new DataError('GYM_DATA_DOWNLOAD', `Could not download ${what}: ${reason}`),
  metricsConflicts: (conflicts: string[], targets: string[]) =>
    new DataError(
      'GYM_DATA_METRICS_CONFLICT',
      `Found conflicting aggregate metrics that need to be corrected:${conflicts.map((c) => `\n- ${c}`).join('')}\n\n` +
        `This could be due to a change in how metrics are calculated, leading to outdated metrics, or to a change of the data. ` +
        `Try deleting the below file(s) and rerunning data preparation (or pass +write_metrics=true to rewrite them):` +
        targets.map((t) => `\n- ${t}`).join(''),
    ),
  badOption: (key: string, expected: string, value: unknown) =>
    new DataError('GYM_DATA_BAD_OPTION', `Option +${key} must be ${expected}; got ${JSON.stringify(value)}.`),
  missingOption: (key: string, example: string) => new DataError('GYM_DATA_BAD_OPTION', `Missing option +${key} (e.g. +${key}=${example}).`),
  noAgent: (file: string, lines: number[]) =>
    new DataError(
      'GYM_DATA_NO_AGENT',
      `No agent specified for rows [${lines.slice(0, 20).join(', ')}${lines.length > 20 ? ', …' : ''}] of '${file}' (line numbers). ` +
        `Give each row an "agent_ref": {"name": "<agent instance>"} or pass +agent_name=<agent instance>.`,
    ),
  numRepeatsMissingAgent: (agent: string) =>
    new DataError('GYM_DATA_BAD_OPTION', `+num_repeats has no entry for agent '${agent}' and no '_default'. Add +num_repeats.${agent}=<n> or +num_repeats._default=<n>.`),
  resumeMismatch: (materialized: string) =>
    new DataError(
      'GYM_DATA_RESUME',
      `Cannot resume: the inputs differ from the ones recorded in '${materialized}' (input file, +limit, +num_repeats or overrides changed). ` +
        `Rerun with the original options, or pass +resume_from_cache=false to start a fresh collection (this deletes the previous rollouts).`,
    ),
  resumeNothing: (materialized: string) =>
    new DataError('GYM_DATA_RESUME', `Cannot resume: '${materialized}' does not exist, so there is no previous run to continue. Drop +resume_from_cache=true.`),
  corruptLine: (file: string, line: number, reason: string) =>
    new DataError(
      'GYM_DATA_RESUME',
      `'${file}' line ${line} is not a valid JSON row (${reason}); only a torn last line is repaired automatically. Fix or delete that line and rerun.`,
    ),
  profile: (message: string) => new DataError('GYM_DATA_PROFILE', message),
  reverify: (message: string) => new DataError('GYM_DATA_REVERIFY', message),
  outputExists: (file: string) =>
    new DataError('GYM_DATA_OUTPUT_EXISTS', `'${file}' already exists. Pass +overwrite=true to replace it or +resume=true to continue it.`),
  noDatasets: (what: string) => new DataError('GYM_DATA_NO_DATASETS', what),
};
