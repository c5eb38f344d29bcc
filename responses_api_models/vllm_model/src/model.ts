/**
 * The vLLM model: Responses requests are converted to chat, served through
 * the chat path and converted back; chat requests use the chat path directly.
 * Holds one upstream client per base URL and picks one per session.
 */
import type { ResponseObject, ResponsesCreateParams } from '@gym/schemas';
import { knownChatParams, upstreamPolicyFrom } from '@gym/upstream';
import { chatCompletion } from './chat-path.ts';
import { resolveConfig, type VllmModelConfig, type VllmModelConfigInput } from './config.ts';
import { ModelConfigError, modelErrors } from './errors.ts';
import { chatCompletionToResponse } from './from-chat.ts';
import { UpstreamPool } from './routing.ts';
import { responsesToChat } from './to-chat.ts';

type Obj = Record<string, any>;

export class VllmModel {
  readonly config: VllmModelConfig;
  readonly pool: UpstreamPool;

  constructor(input: VllmModelConfigInput) {
    this.config = resolveConfig(input);
    this.pool = new UpstreamPool(this.config.baseUrls, { apiKey: this.config.apiKey, defaultHeaders: this.config.defaultHeaders, policy: upstreamPolicyFrom(input) });
  }

  async responses(body: ResponsesCreateParams, sessionId: string): Promise<ResponseObject> {
    if (body.stream) throw modelErrors.streamUnsupported();
    if (this.config.isResponsesNative) return this.native(body, sessionId);
    const c = this.config;
    const chatParams = responsesToChat(body, { returnTokenIdInformation: c.returnTokenIdInformation });
    const completion = await chatCompletion(chatParams, c, this.pool.forSession(sessionId));
    return chatCompletionToResponse(body, completion, c.model, { usesReasoningParser: c.usesReasoningParser, returnTokenIdInformation: c.returnTokenIdInformation });
  }

  async chatCompletions(body: Obj, sessionId: string): Promise<Obj> {
    if (body.stream) throw modelErrors.streamUnsupported();
    // Keys outside the chat API are dropped, as the reference does; engine extras go in metadata.extra_body.
    return chatCompletion(knownChatParams(body), this.config, this.pool.forSession(sessionId));
  }

  /** Responses-native engines (e.g. gpt-oss on vLLM) take the body as is, with the config's fields around it. */
  private async native(body: ResponsesCreateParams, sessionId: string): Promise<ResponseObject> {
    const c = this.config;
    const unsupported = [
      c.returnTokenIdInformation && 'return_token_id_information',
      c.replaceDeveloperRoleWithSystem && 'replace_developer_role_with_system',
      !c.sequentialReasoningAllowed && 'sequential_reasoning_allowed: false',
    ].filter(Boolean);
    if (unsupported.length) throw new ModelConfigError(`is_responses_native does not support ${unsupported.join(', ')}; change the model server's config.`);
    let upstream: Obj = { ...body, model: c.model };
    if (Object.keys(c.chatTemplateKwargs).length) upstream.chat_template_kwargs = structuredClone(c.chatTemplateKwargs);
    upstream = { ...c.extraBody, ...upstream, ...c.samplingOverrides };
    return this.pool.forSession(sessionId).postJson<ResponseObject>('/responses', upstream);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
