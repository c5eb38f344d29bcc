/**
 * Errors the pivot dataset tools show a user, declared once with stable codes
 * (the CLI prints them as one line and exits 1) and messages that say what to do.
 */

export type PivotErrorCode =
  | 'GYM_PIVOT_FILE_NOT_FOUND'
  | 'GYM_PIVOT_BAD_OPTION'
  | 'GYM_PIVOT_BAD_MAPPING'
  | 'GYM_PIVOT_NO_AGENT_NAME'
  | 'GYM_PIVOT_OUTPUT_EXISTS'
  | 'GYM_PIVOT_BAD_ROW';

export class PivotError extends Error {
  readonly code: PivotErrorCode;
  constructor(code: PivotErrorCode, message: string) {
    super(message);
    this.name = 'PivotError';
    this.code = code;
  }
}

export const PivotErrors = {
  fileNotFound: (path: string, what: string) =>
    new PivotError('GYM_PIVOT_FILE_NOT_FOUND', `Cannot read the ${what} '${path}': no such file. Check the path (relative paths start at the current directory).`),
  badOption: (message: string) => new PivotError('GYM_PIVOT_BAD_OPTION', message),
  badMapping: (message: string) => new PivotError('GYM_PIVOT_BAD_MAPPING', message),
  noAgentName: (path: string) =>
    new PivotError(
      'GYM_PIVOT_NO_AGENT_NAME',
      `No agent name: the first row of '${path}' has no agent_ref.name. Pass --agent-name <name> (conventionally ending in _agent).`,
    ),
  outputExists: (path: string) => new PivotError('GYM_PIVOT_OUTPUT_EXISTS', `'${path}' already exists. Pass --force to overwrite it.`),
  badRow: (path: string, line: number, message: string) => new PivotError('GYM_PIVOT_BAD_ROW', `${path}: line ${line}: ${message}`),
};
