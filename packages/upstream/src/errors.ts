/**
 * Errors of calls to an upstream LLM endpoint. Each names the method and URL
 * (credentials in the URL masked) and never the API key, so it can be shown
 * to callers and logged as is.
 */

export type UpstreamErrorCode = 'GYM_UPSTREAM_BAD_STATUS' | 'GYM_UPSTREAM_TIMEOUT' | 'GYM_UPSTREAM_UNREACHABLE';

export class UpstreamError extends Error {
  readonly code: UpstreamErrorCode;
  readonly url: string;
  readonly attempts: number;
  constructor(code: UpstreamErrorCode, message: string, url: string, attempts: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UpstreamError';
    this.code = code;
    this.url = url;
    this.attempts = attempts;
  }
}

/** The upstream answered with a non-2xx status (after any retries). */
export class UpstreamHttpError extends UpstreamError {
  readonly status: number;
  /** The upstream's response body, as text. */
  readonly body: string;
  constructor(method: string, url: string, status: number, body: string, attempts: number) {
    super('GYM_UPSTREAM_BAD_STATUS', `Upstream ${method} ${url} returned HTTP ${status}${tries(attempts)}: ${truncate(body, 2000)}`, url, attempts);
    this.name = 'UpstreamHttpError';
    this.status = status;
    this.body = body;
  }
}

export const upstreamErrors = {
  timeout: (method: string, url: string, timeoutMs: number, attempts: number) =>
    new UpstreamError(
      'GYM_UPSTREAM_TIMEOUT',
      `Upstream ${method} ${url} did not answer within ${timeoutMs} ms${tries(attempts)}. Raise \`request_timeout_ms\` in the model server's config if generations are this long.`,
      url,
      attempts,
    ),
  unreachable: (method: string, url: string, attempts: number, cause: unknown) =>
    new UpstreamError(
      'GYM_UPSTREAM_UNREACHABLE',
      `Could not reach upstream ${method} ${url}${tries(attempts)}: ${describe(cause)}. Check that the model endpoint is up and the base URL is right.`,
      url,
      attempts,
      { cause },
    ),
};

const tries = (n: number) => (n > 1 ? ` (after ${n} attempts)` : '');

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: string }).code;
    return code ? `${code} ${cause.message}` : cause.message;
  }
  return String(cause);
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

/** `http://user:pass@host/v1` → `http://****@host/v1`. */
export function displayUrl(url: string): string {
  return url.replace(/^(\w+:\/\/)[^/@]*@/, '$1****@');
}
