/** Which errors are the user's to fix (printed as one message, no stack) and which are bugs. */

const USER_ERROR_PREFIXES = ['GYM_'];

export function isUserError(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown })?.code;
  return err instanceof Error && typeof code === 'string' && USER_ERROR_PREFIXES.some((p) => code.startsWith(p));
}

export function formatUserError(err: Error): string {
  return err.message;
}

/** An error in the words of a command line (bad flag value, missing input file…). */
export class CliError extends Error {
  readonly code: string;
  constructor(message: string, code = 'GYM_CLI') {
    super(message);
    this.name = 'CliError';
    this.code = code;
  }
}
