/**
 * Every error the authoring commands show a user, in one place: a stable
 * code and a message that says what to do next. The CLI prints the message
 * and exits 1 (any `GYM_` code is a user error).
 */

export type ScaffoldErrorCode =
  | 'GYM_SCAFFOLD_BAD_ENTRYPOINT'
  | 'GYM_SCAFFOLD_BAD_NAME'
  | 'GYM_SCAFFOLD_EXISTS'
  | 'GYM_SCAFFOLD_INSTALL_FAILED'
  | 'GYM_SCAFFOLD_RECORD_FAILED'
  | 'GYM_SCAFFOLD_NOT_A_SERVER'
  | 'GYM_SCAFFOLD_BAD_OPTION'
  | 'GYM_SCAFFOLD_TEMPLATE';

export class ScaffoldError extends Error {
  readonly code: ScaffoldErrorCode;
  constructor(code: ScaffoldErrorCode, message: string) {
    super(message);
    this.name = 'ScaffoldError';
    this.code = code;
  }
}

export const scaffoldErrors = {
  missingEntrypoint: (kindDir: string) =>
    new ScaffoldError('GYM_SCAFFOLD_BAD_ENTRYPOINT', `Missing +entrypoint. Name the folder to create, e.g. +entrypoint=${kindDir}/my_env.`),
  badEntrypoint: (entrypoint: string, kindDir: string) =>
    new ScaffoldError(
      'GYM_SCAFFOLD_BAD_ENTRYPOINT',
      `+entrypoint=${entrypoint} is not a folder directly under ${kindDir}/. Use a relative path like +entrypoint=${kindDir}/my_env.`,
    ),
  badName: (name: string, why: string) => new ScaffoldError('GYM_SCAFFOLD_BAD_NAME', `'${name}' cannot be a server name: ${why}.`),
  exists: (dir: string) =>
    new ScaffoldError('GYM_SCAFFOLD_EXISTS', `${dir} already exists; nothing was written. Choose another name or delete the folder first.`),
  installFailed: (command: string, output: string, next: string[]) =>
    new ScaffoldError(
      'GYM_SCAFFOLD_INSTALL_FAILED',
      `The files are written, but linking the new package into the workspace failed:\n${indent(lastLines(output, 15))}\n` +
        `Run this from the repo root, then finish with the commands below it:\n  ${command}\n${next.map((c) => `  ${c}`).join('\n')}`,
    ),
  recordFailed: (why: string, retry: string) =>
    new ScaffoldError('GYM_SCAFFOLD_RECORD_FAILED', `Recording the example rollouts failed: ${why}\nFix the cause, then run:\n  ${retry}`),
  notAServer: (entrypoint: string, why: string) =>
    new ScaffoldError(
      'GYM_SCAFFOLD_NOT_A_SERVER',
      `+entrypoint=${entrypoint} is not a server folder: ${why}. Use resources_servers/<name>, responses_api_agents/<name> or responses_api_models/<name>.`,
    ),
  badOption: (key: string, expected: string, got: unknown) =>
    new ScaffoldError('GYM_SCAFFOLD_BAD_OPTION', `+${key} must be ${expected}; got ${JSON.stringify(got)}.`),
  template: (file: string, why: string) => new ScaffoldError('GYM_SCAFFOLD_TEMPLATE', `Template ${file}: ${why}`),
};

function lastLines(text: string, n: number): string {
  const lines = text.trimEnd().split('\n');
  return lines.slice(-n).join('\n') || '(no output)';
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  | ${l}`)
    .join('\n');
}
