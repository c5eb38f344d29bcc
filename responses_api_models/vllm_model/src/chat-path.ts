/**
 * One chat completion against vLLM, serving both routes: preprocess the body,
 * call upstream, turn a context-length 400 into an empty `length` completion,
 * fold vLLM's reasoning field back into `<think>` text and, in RL mode,
 * attach the turn's token ids to the message.
 */
import { UpstreamHttpError, type UpstreamClient } from '@gym/upstream';
import type { VllmModelConfig } from './config.ts';
import { UpstreamContractError } from './errors.ts';
import { preprocessChatBody } from './preprocess.ts';
import { wrapThink } from './think.ts';
import { attachTokenIds, tokenizeBody } from './tokens.ts';

type Obj = Record<string, any>;

/** What the reference answers without calling upstream: no content, the given finish reason, no usage. */
export function emptyChatCompletion(model: string, finishReason: 'length' | 'content_filter'): Obj {
  return {
    id: 'chtcmpl-123',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, finish_reason: finishReason, message: { role: 'assistant', content: null, tool_calls: null } }],
  };
}

/** vLLM's wording when prompt + max_tokens exceed the context (several variants, all 400). */
export function isContextLengthError(err: unknown): boolean {
  return err instanceof UpstreamHttpError && err.status === 400 && (err.body.includes('context length') || err.body.includes('max_tokens'));
}

export async function chatCompletion(request: Obj, config: VllmModelConfig, client: UpstreamClient): Promise<Obj> {
  const body = preprocessChatBody(request, config);

  if (!config.sequentialReasoningAllowed) {
    // A model that may not reason twice in a row gets no second call after a reasoning-only turn.
    const last = body.messages?.[body.messages.length - 1];
    if (last?.role === 'assistant' && isBlank(last.content) && !(Array.isArray(last.tool_calls) && last.tool_calls.length)) {
      return emptyChatCompletion(config.model, 'content_filter');
    }
  }

  let completion: Obj;
  try {
    completion = await client.postJson<Obj>('/chat/completions', body);
  } catch (err) {
    if (isContextLengthError(err)) return emptyChatCompletion(config.model, 'length');
    throw err;
  }
  const choice = completion?.choices?.[0];
  if (!choice?.message || typeof choice.message !== 'object') throw new UpstreamContractError('The upstream chat completion has no choices[0].message.');
  foldReasoning(choice.message, config);

  if (config.returnTokenIdInformation) {
    await attachTokenIds(completion, () => client.postJsonAt(client.rootUrl('/tokenize'), tokenizeBody(body)));
  }
  return completion;
}

/** With a reasoning parser, vLLM returns reasoning separately; Gym carries it inline as `<think>` text. */
function foldReasoning(message: Obj, config: VllmModelConfig): void {
  const reasoning = message.reasoning_content || message.reasoning;
  if (!config.usesReasoningParser) {
    if (reasoning) {
      throw new UpstreamContractError(
        'The upstream returned a reasoning field but this model server has `uses_reasoning_parser: false`. ' +
          'Start vLLM without a reasoning parser, or set uses_reasoning_parser: true in the model config.',
      );
    }
    return;
  }
  if (!reasoning) return;
  delete message.reasoning_content;
  delete message.reasoning;
  message.content = wrapThink([reasoning]) + (message.content || '');
}

function isBlank(content: unknown): boolean {
  return content === null || content === undefined || content === '' || (Array.isArray(content) && content.length === 0);
}
