/**
 * Errors a Gym server reports to its callers. Handlers throw these; the error
 * handler in `app.ts` turns them into the reference's wire shapes.
 */

/** An error with an HTTP status that the caller caused (4xx) or must know about. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly detail: unknown;
  constructor(statusCode: number, code: string, message: string, detail?: unknown) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.detail = detail ?? message;
  }
}

/** A call to a judge model failed: verify answers 200 with reward 0 and the failure class. */
export class JudgeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JudgeError';
  }
}

/** A call from this server to another Gym server or upstream failed; the 500 body carries the inner body. */
export class InnerServerError extends Error {
  readonly body: string;
  constructor(message: string, body: string) {
    super(message);
    this.name = 'InnerServerError';
    this.body = body;
  }
}

export const serverErrors = {
  notFound: (method: string, url: string) => new HttpError(404, 'GYM_NOT_FOUND', 'Not Found', 'Not Found'),
  unauthorized: () =>
    new HttpError(401, 'GYM_UNAUTHORIZED', 'Missing or wrong bearer token. Send `Authorization: Bearer <auth_token>` as set in env.yaml.'),
  bodyTooLarge: (limit: number) =>
    new HttpError(413, 'GYM_BODY_TOO_LARGE', `Request body is larger than the limit of ${limit} bytes. Raise \`body_limit_bytes\` in the config if this is expected.`),
  bodyTooDeep: (maxDepth: number) =>
    new HttpError(422, 'GYM_BODY_TOO_DEEP', `JSON nested deeper than ${maxDepth} levels`, [
      { type: 'json_invalid', loc: ['body'], msg: `JSON decode error: the body nests arrays/objects deeper than ${maxDepth} levels. Raise \`body_max_depth\` in the config if this is expected.` },
    ]),
  invalidJson: (reason: string) =>
    new HttpError(422, 'GYM_INVALID_JSON', `JSON decode error: ${reason}`, [{ type: 'json_invalid', loc: ['body'], msg: `JSON decode error: ${reason}` }]),
  badRequest: (message: string) => new HttpError(400, 'GYM_BAD_REQUEST', message),
  unprocessable: (field: string, message: string, input?: unknown) =>
    new HttpError(422, 'GYM_UNPROCESSABLE', message, [{ type: 'value_error', loc: ['body', ...field.split('.').filter(Boolean)], msg: message, input }]),
};

/** Python-like repr of an exception, used for 500 bodies as the reference does. */
export function reprError(err: unknown): string {
  if (err instanceof Error) return `${err.name}(${JSON.stringify(err.message)})`;
  return String(err);
}
