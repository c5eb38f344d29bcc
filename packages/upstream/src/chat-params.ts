/**
 * The top-level fields of an OpenAI chat completions request. Model servers
 * keep only these from a caller's `/v1/chat/completions` body, as the
 * reference does (its request model ignores unknown keys): an unknown key
 * must not turn into an upstream 400. Per-request engine extras travel in
 * `metadata.extra_body` instead.
 */

export const CHAT_COMPLETION_PARAMS: ReadonlySet<string> = new Set([
  'messages', 'model', 'audio', 'frequency_penalty', 'function_call', 'functions', 'logit_bias', 'logprobs',
  'max_completion_tokens', 'max_tokens', 'metadata', 'modalities', 'n', 'parallel_tool_calls', 'prediction',
  'presence_penalty', 'prompt_cache_key', 'reasoning_effort', 'response_format', 'safety_identifier', 'seed',
  'service_tier', 'stop', 'store', 'stream', 'stream_options', 'temperature', 'tool_choice', 'tools',
  'top_logprobs', 'top_p', 'user', 'verbosity', 'web_search_options',
]);

/** The body without the keys the chat completions API does not define. */
export function knownChatParams<T extends Record<string, unknown>>(body: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (CHAT_COMPLETION_PARAMS.has(key)) out[key] = value;
  return out as T;
}
