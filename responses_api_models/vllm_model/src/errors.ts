/**
 * Errors the vLLM model server reports. A request the converter cannot map is
 * the caller's fault (400, naming the field); an upstream reply that breaks
 * the vLLM contract (token ids, reasoning fields) is a server-side 500.
 */
import { HttpError } from '@gym/server';

export const modelErrors = {
  badInput: (field: string, message: string) => new HttpError(400, 'GYM_MODEL_BAD_INPUT', `${field}: ${message}`),
  streamUnsupported: () =>
    new HttpError(400, 'GYM_MODEL_STREAM_UNSUPPORTED', 'stream: true is not supported by this model server; send stream: false or leave it out.'),
};

/** The upstream answered 2xx but not in the shape this adapter relies on. */
export class UpstreamContractError extends Error {
  readonly code = 'GYM_MODEL_UPSTREAM_CONTRACT';
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamContractError';
  }
}

/** This server's config does not allow the request (e.g. native Responses mode with token ids). */
export class ModelConfigError extends Error {
  readonly code = 'GYM_MODEL_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'ModelConfigError';
  }
}
