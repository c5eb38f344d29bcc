/**
 * The chat body as it goes to vLLM (spec §5.5, in the reference's order):
 * model pinned, chat_template_kwargs and extra_body merged from config and
 * metadata, token-id flags forced in RL mode, `<think>` history moved to
 * `reasoning_content`, extra_body under the request, sampling_overrides over
 * everything. Pure apart from reading audio files.
 */
import type { VllmModelConfig } from './config.ts';
import { applyAudioSidechannel } from './audio.ts';
import { modelErrors } from './errors.ts';
import { parseThink } from './think.ts';

type Obj = Record<string, any>;

export function preprocessChatBody(input: Obj, config: VllmModelConfig): Obj {
  let body: Obj = structuredClone(input);
  stripHostedOnlyToolFields(body);
  if (config.replaceDeveloperRoleWithSystem) {
    for (const m of body.messages ?? []) if (m.role === 'developer') m.role = 'system';
  }
  body.model = config.model;

  // Metadata values are strings on the wire (OpenAI's rule), so per-request overrides arrive as JSON text.
  const metadata: Obj = body.metadata && typeof body.metadata === 'object' ? body.metadata : {};
  const chatTemplateKwargs = { ...config.chatTemplateKwargs, ...jsonMetadata(metadata, 'chat_template_kwargs') };
  if (Object.keys(chatTemplateKwargs).length) body.chat_template_kwargs = chatTemplateKwargs;
  const extraBody = { ...config.extraBody, ...jsonMetadata(metadata, 'extra_body') };

  if (config.returnTokenIdInformation) {
    // top_logprobs 0, not the caller's value: vLLM returns no logprobs (so no ids) when it is null.
    Object.assign(body, { logprobs: true, top_logprobs: 0, return_tokens_as_token_ids: true });
    if (config.requestPromptAndGenerationTokenIds) body.return_token_ids = true;
  }
  if (config.usesReasoningParser && !config.preserveReasoningInAssistantContent) {
    for (const m of body.messages ?? []) if (m.role === 'assistant') moveThinkToReasoning(m, config.usesInterleavedReasoning);
  }
  // vLLM reads a null top_logprobs as "no logprobs" but a missing one as its default.
  if (body.top_logprobs === null || body.top_logprobs === undefined) delete body.top_logprobs;

  body = { ...extraBody, ...body };
  applyAudioSidechannel(body, config.audioRoot);
  Object.assign(body, config.samplingOverrides);

  if (config.returnTokenIdInformation && body.n !== undefined && body.n !== null && body.n !== 1) {
    throw modelErrors.badInput('n', `must be 1 when the model server returns token ids (return_token_id_information: true), got ${JSON.stringify(body.n)}.`);
  }
  return body;
}

function jsonMetadata(metadata: Obj, key: string): Obj {
  const raw = metadata[key];
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw === 'object' && !Array.isArray(raw)) return raw;
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(raw));
  } catch (err) {
    throw modelErrors.badInput(`metadata.${key}`, `must be a JSON object encoded as a string: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw modelErrors.badInput(`metadata.${key}`, 'must be a JSON object encoded as a string.');
  return parsed as Obj;
}

/**
 * History `"<think>r</think>a"` goes upstream as `content: "a"` with the first
 * reasoning in `reasoning_content` and `reasoning` (vLLM < / >= 0.16), so the
 * chat template renders it the way the model produced it.
 */
function moveThinkToReasoning(message: Obj, interleaved: boolean): void {
  const content = message.content;
  if (typeof content === 'string') {
    const { reasoning, rest } = parseThink(content);
    message.content = rest;
    if (reasoning.length && interleaved) message.reasoning_content = message.reasoning = reasoning[0];
  } else if (Array.isArray(content)) {
    let found = false;
    for (const part of content) {
      if (typeof part?.text !== 'string') continue;
      const { reasoning, rest } = parseThink(part.text);
      if (reasoning.length && found) throw modelErrors.badInput('messages', 'an assistant message has reasoning in more than one content part.');
      part.text = rest;
      if (reasoning.length) {
        found = true;
        if (interleaved) message.reasoning_content = message.reasoning = reasoning[0];
      }
    }
  }
}

/** `strict` is an OpenAI-hosted flag vLLM does not implement; some chat templates would render it into the prompt. */
function stripHostedOnlyToolFields(body: Obj): void {
  for (const tool of body.tools ?? []) if (tool?.type === 'function' && tool.function) delete tool.function.strict;
}
