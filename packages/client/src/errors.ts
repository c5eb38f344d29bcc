/** Errors raised by ServerClient, each naming the server and route involved. */

export class ServerClientError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ServerClientError';
    this.code = code;
  }
}

/** Where clients outside the environment (trainers, CLI tools) take the shared token from. */
const AUTH_TOKEN_ENV_NAME = 'GYM_AUTH_TOKEN';

export const clientErrors = {
  unknownServer: (name: string, known: string[], suggestion?: string) =>
    new ServerClientError(
      'GYM_CLIENT_UNKNOWN_SERVER',
      `No server instance named '${name}' in the global config.` +
        (suggestion ? ` Did you mean '${suggestion}'?` : '') +
        ` Known servers: ${known.length ? known.join(', ') : '(none)'}.`,
    ),
  headUnreachable: (url: string, cause: unknown) =>
    new ServerClientError(
      'GYM_CLIENT_HEAD_UNREACHABLE',
      `Could not connect to the head server at ${url}. Is \`ng run\` running, and is the head server on that port ` +
        `(set NEMO_GYM_HEAD_SERVER_URL or head_server.port)?`,
      { cause },
    ),
  headUnauthorized: (url: string, sentToken: boolean) =>
    new ServerClientError(
      'GYM_CLIENT_UNAUTHORIZED',
      `The head server at ${url} ${sentToken ? 'refused the auth token this client sent' : 'requires an auth token'}: ` +
        `set ${AUTH_TOKEN_ENV_NAME} (or pass authToken) to the auth_token of the environment's env.yaml.`,
    ),
  requestFailed: (target: string, attempts: number, cause: unknown) =>
    new ServerClientError(
      'GYM_CLIENT_REQUEST_FAILED',
      `Request to ${target} failed after ${attempts} attempt(s): ${describeCause(cause)}`,
      { cause },
    ),
  timeout: (target: string, timeoutMs: number) =>
    new ServerClientError('GYM_CLIENT_TIMEOUT', `Request to ${target} timed out after ${timeoutMs} ms.`),
  badStatus: (target: string, status: number, body: string) =>
    new ServerClientError('GYM_CLIENT_BAD_STATUS', `Request to ${target} returned HTTP ${status}: ${truncate(body, 2000)}`),
};

export function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: string }).code;
    return code ? `${code}: ${cause.message}` : cause.message;
  }
  return String(cause);
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}
