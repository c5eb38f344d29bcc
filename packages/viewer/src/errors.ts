/**
 * Every error a viewer user can see, declared once with a stable code, the
 * HTTP status the API answers with, and a message that says what to do next.
 * Codes start with `GYM_` so the CLI prints them as one clean line.
 */

export class ViewerError extends Error {
  readonly code: string;
  readonly statusCode: number;
  constructor(code: string, statusCode: number, message: string) {
    super(message);
    this.name = 'ViewerError';
    this.code = code;
    this.statusCode = statusCode;
  }
}

export const viewerErrors = {
  missingPath: () =>
    new ViewerError('GYM_VIEWER_NO_FILE', 400, 'No rollouts file given. Run `ng viewer +jsonl_fpath=<rollouts.jsonl>`.'),
  fileNotFound: (path: string) =>
    new ViewerError('GYM_VIEWER_FILE_NOT_FOUND', 404, `Rollouts file '${path}' does not exist. Pass the JSONL written by \`ng collect-rollouts\` as +jsonl_fpath=<path>.`),
  notAFile: (path: string) => new ViewerError('GYM_VIEWER_NOT_A_FILE', 400, `'${path}' is not a file. +jsonl_fpath must name a JSONL file of rollouts.`),
  badPort: (value: string) =>
    new ViewerError('GYM_VIEWER_BAD_PORT', 400, `+port=${value} is not a port. Use an integer from 0 to 65535 (0 picks a free port).`),
  portInUse: (host: string, port: number) =>
    new ViewerError('GYM_VIEWER_PORT_IN_USE', 409, `Port ${port} on ${host} is already in use. Pick another with +port=<n>, or +port=0 for a free one.`),
  rolloutNotFound: (i: number, total: number) =>
    new ViewerError(
      'GYM_VIEWER_ROLLOUT_NOT_FOUND',
      404,
      total === 0 ? `Rollout ${i} does not exist: the file has no readable rollouts.` : `Rollout ${i} does not exist: rollouts are numbered 0 to ${total - 1}.`,
    ),
  badQuery: (field: string, message: string) => new ViewerError('GYM_VIEWER_BAD_QUERY', 400, `${field}: ${message}`),
  lineChanged: (line: number, detail: string) =>
    new ViewerError('GYM_VIEWER_FILE_CHANGED', 409, `Line ${line} no longer reads as it did when the file was indexed (${detail}). Press Reload to index the file again.`),
};
