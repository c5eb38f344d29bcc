/**
 * How a model server treats its upstream LLM endpoint: retries, backoff and
 * the per-attempt deadline. Every field is a config key of the model server,
 * so operators tune it in YAML. Unlike the reference (retry forever, no
 * timeout), every wait here is bounded.
 */
import { Type, type Static } from '@sinclair/typebox';

/** Config keys shared by every model server that calls an upstream. */
export const UpstreamPolicyFields = {
  /** Retries for 429/502/503/504/520 and connection errors (refused, reset, closed mid-body). */
  max_retries: Type.Optional(Type.Integer({ minimum: 0 })),
  /** Retries for a 500: fewer, as a 500 is often a deterministic server bug (the reference allows 3 tries in total). */
  max_retries_on_500: Type.Optional(Type.Integer({ minimum: 0 })),
  retry_base_delay_ms: Type.Optional(Type.Number({ minimum: 0 })),
  retry_max_delay_ms: Type.Optional(Type.Number({ minimum: 0 })),
  /** Deadline of one attempt, headers and body included. A timed-out attempt is not retried. */
  request_timeout_ms: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
};
const PolicyConfig = Type.Object(UpstreamPolicyFields);
export type UpstreamPolicyConfig = Static<typeof PolicyConfig>;

export interface UpstreamPolicy {
  maxRetries: number;
  maxRetriesOn500: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  requestTimeoutMs: number;
}

export const DEFAULT_UPSTREAM_POLICY: UpstreamPolicy = {
  maxRetries: 8,
  maxRetriesOn500: 2,
  // The reference polls every 0.5 s; start there and back off.
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 10_000,
  // Matches the agent-to-model deadline of ServerClient (model_timeout_ms): a longer wait would be cut by the caller anyway.
  requestTimeoutMs: 1_200_000,
};

export function upstreamPolicyFrom(config: UpstreamPolicyConfig): UpstreamPolicy {
  const d = DEFAULT_UPSTREAM_POLICY;
  return {
    maxRetries: config.max_retries ?? d.maxRetries,
    maxRetriesOn500: config.max_retries_on_500 ?? d.maxRetriesOn500,
    retryBaseDelayMs: config.retry_base_delay_ms ?? d.retryBaseDelayMs,
    retryMaxDelayMs: config.retry_max_delay_ms ?? d.retryMaxDelayMs,
    requestTimeoutMs: config.request_timeout_ms ?? d.requestTimeoutMs,
  };
}

/** Exponential backoff with jitter (half fixed, half random) so many clients do not retry in lockstep. */
export function backoffMs(attempt: number, p: UpstreamPolicy, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, p.retryMaxDelayMs);
  const exp = Math.min(p.retryMaxDelayMs, p.retryBaseDelayMs * 2 ** (attempt - 1));
  return exp / 2 + Math.random() * (exp / 2);
}
