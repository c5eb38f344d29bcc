/**
 * The verify reply echoes `responses_create_params` the way the reference's
 * request model dumps it: every standard key present, unset ones as null,
 * and the three keys with defaults filled in. Dataset rows stay minimal; the
 * rollout records what the model was actually asked with.
 */

const NULL_DEFAULT_KEYS_BEFORE_INPUT = ['background', 'include'] as const;

const DEFAULTS: Record<string, () => unknown> = {
  parallel_tool_calls: () => true,
  tool_choice: () => 'auto',
  tools: () => [],
};

/** Reference key order after `input`; `null` means no default. */
const KEYS_AFTER_INPUT = [
  'instructions',
  'max_output_tokens',
  'max_tool_calls',
  'metadata',
  'model',
  'parallel_tool_calls',
  'previous_response_id',
  'prompt',
  'reasoning',
  'service_tier',
  'store',
  'temperature',
  'text',
  'tool_choice',
  'tools',
  'top_logprobs',
  'top_p',
  'truncation',
  'user',
  'stream',
] as const;

export function materializeCreateParams(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fill = (key: string) => {
    const value = params[key];
    out[key] = value !== undefined && !(value === null && DEFAULTS[key]) ? value : (DEFAULTS[key]?.() ?? null);
  };
  for (const key of NULL_DEFAULT_KEYS_BEFORE_INPUT) fill(key);
  out.input = params.input;
  for (const key of KEYS_AFTER_INPUT) fill(key);
  // Keys our request schema admits beyond the reference's set are kept as sent.
  for (const [key, value] of Object.entries(params)) if (!(key in out)) out[key] = value;
  return out;
}
