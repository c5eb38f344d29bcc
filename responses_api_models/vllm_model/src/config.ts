/**
 * The vllm_model config (spec §5.1), as a TypeBox schema checked at start-up,
 * plus the defaults of its optional keys.
 */
import { Type, type Static } from '@gym/schemas';
import { UpstreamPolicyFields } from '@gym/upstream';

const Dict = Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]);

export const VllmModelConfigSchema = Type.Object(
  {
    /** One endpoint or several; a session is pinned to one of them. */
    base_url: Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })]),
    api_key: Type.String(),
    model: Type.String({ minLength: 1 }),
    /** RL mode: ask vLLM for token ids and log-probs and return them on the output items. */
    return_token_id_information: Type.Boolean(),
    /** vLLM runs a reasoning parser (or the model writes `<think>` inline and we parse it). */
    uses_reasoning_parser: Type.Boolean(),
    request_prompt_and_generation_token_ids: Type.Optional(Type.Boolean()),
    uses_interleaved_reasoning: Type.Optional(Type.Boolean()),
    preserve_reasoning_in_assistant_content: Type.Optional(Type.Boolean()),
    replace_developer_role_with_system: Type.Optional(Type.Boolean()),
    sequential_reasoning_allowed: Type.Optional(Type.Boolean()),
    is_responses_native: Type.Optional(Type.Boolean()),
    chat_template_kwargs: Type.Optional(Dict),
    /** Sampling params forced onto every upstream request, replacing the caller's. */
    sampling_overrides: Type.Optional(Dict),
    /** Fields sent under every request body (the request's own fields win). */
    extra_body: Type.Optional(Dict),
    default_headers: Type.Optional(Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()])),
    /** Where relative `metadata.audio_path(s)` are resolved. */
    audio_root: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    ...UpstreamPolicyFields,
  },
  // The launcher's keys (entrypoint, host, port, ...) live in the same block.
  { additionalProperties: true },
);
export type VllmModelConfigInput = Static<typeof VllmModelConfigSchema>;

/** The config with every default filled in. */
export interface VllmModelConfig {
  baseUrls: string[];
  apiKey: string;
  model: string;
  returnTokenIdInformation: boolean;
  usesReasoningParser: boolean;
  requestPromptAndGenerationTokenIds: boolean;
  usesInterleavedReasoning: boolean;
  preserveReasoningInAssistantContent: boolean;
  replaceDeveloperRoleWithSystem: boolean;
  sequentialReasoningAllowed: boolean;
  isResponsesNative: boolean;
  chatTemplateKwargs: Record<string, unknown>;
  samplingOverrides: Record<string, unknown>;
  extraBody: Record<string, unknown>;
  defaultHeaders: Record<string, string>;
  audioRoot: string | null;
}

export function resolveConfig(c: VllmModelConfigInput): VllmModelConfig {
  return {
    baseUrls: Array.isArray(c.base_url) ? c.base_url : [c.base_url],
    apiKey: c.api_key,
    model: c.model,
    returnTokenIdInformation: c.return_token_id_information,
    usesReasoningParser: c.uses_reasoning_parser,
    requestPromptAndGenerationTokenIds: c.request_prompt_and_generation_token_ids ?? false,
    usesInterleavedReasoning: c.uses_interleaved_reasoning ?? true,
    preserveReasoningInAssistantContent: c.preserve_reasoning_in_assistant_content ?? false,
    replaceDeveloperRoleWithSystem: c.replace_developer_role_with_system ?? false,
    sequentialReasoningAllowed: c.sequential_reasoning_allowed ?? true,
    isResponsesNative: c.is_responses_native ?? false,
    chatTemplateKwargs: c.chat_template_kwargs ?? {},
    samplingOverrides: c.sampling_overrides ?? {},
    extraBody: c.extra_body ?? {},
    defaultHeaders: c.default_headers ?? {},
    audioRoot: c.audio_root ?? null,
  };
}
