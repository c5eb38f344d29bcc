/**
 * Chat completion → Response (spec §5.4): `<think>` blocks become one
 * reasoning item, the remaining text one assistant message, each tool call a
 * function_call; token ids go on the last item; finish_reason decides status.
 */
import { randomUUID } from 'node:crypto';
import { echoedRequestFields, type ResponseObject, type ResponsesCreateParams, type ResponseUsage } from '@gym/schemas';
import { parseThink } from './think.ts';
import { bundleOnMessage } from './tokens.ts';

type Obj = Record<string, any>;

export interface FromChatOptions {
  usesReasoningParser: boolean;
  returnTokenIdInformation: boolean;
}

export const newId = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, '')}`;

/** The Responses output items of one assistant chat message. */
export function messageToOutputItems(message: Obj, opts: FromChatOptions): Obj[] {
  const output: Obj[] = [];
  let content = contentText(message.content);
  if (opts.usesReasoningParser) {
    const { reasoning, rest } = parseThink(content);
    content = rest;
    if (reasoning.length) {
      output.push({
        id: newId('rs'),
        type: 'reasoning',
        summary: reasoning.map((text) => ({ type: 'summary_text', text })),
        encrypted_content: null,
        content: null,
      });
    }
  }
  const toolCalls: Obj[] = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  // An empty completion still yields one (empty) message, so every turn has output.
  if (content || !(output.length || toolCalls.length)) {
    output.push({
      id: newId('msg'),
      type: 'message',
      role: message.role ?? 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: content, annotations: [], logprobs: null }],
    });
  }
  for (const tc of toolCalls) {
    output.push({ type: 'function_call', id: tc.id, call_id: tc.id, name: tc.function?.name, arguments: tc.function?.arguments, status: 'completed' });
  }
  const bundle = opts.returnTokenIdInformation ? bundleOnMessage(message) : undefined;
  if (bundle) output[output.length - 1] = { ...output[output.length - 1], ...bundle };
  return output;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p: Obj) => (typeof p?.text === 'string' ? p.text : '')).join('');
  return '';
}

/** Chat usage names → Responses usage names; unknown detail counts are null, never a made-up 0. */
export function chatUsageToResponseUsage(usage: Obj | null | undefined): ResponseUsage | null {
  if (!usage || typeof usage !== 'object') return null;
  const input = num(usage.prompt_tokens) ?? 0;
  const output = num(usage.completion_tokens) ?? 0;
  return {
    input_tokens: input,
    output_tokens: output,
    total_tokens: num(usage.total_tokens) ?? input + output,
    input_tokens_details: { cached_tokens: num(usage.prompt_tokens_details?.cached_tokens) ?? num(usage.cached_tokens) ?? null },
    output_tokens_details: { reasoning_tokens: num(usage.completion_tokens_details?.reasoning_tokens) ?? num(usage.reasoning_tokens) ?? null },
  };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

const INCOMPLETE_REASONS: Record<string, string> = { length: 'max_output_tokens', content_filter: 'content_filter' };

/** The Response for a chat completion: the request's params echoed, then this turn's output, status and usage. */
export function chatCompletionToResponse(params: ResponsesCreateParams, completion: Obj, model: string, opts: FromChatOptions): ResponseObject {
  const choice = completion.choices?.[0] ?? {};
  const reason = INCOMPLETE_REASONS[choice.finish_reason as string];
  const response: Obj = {
    ...echoedRequestFields(params),
    id: newId('resp'),
    object: 'response',
    created_at: typeof completion.created === 'number' ? completion.created : Math.floor(Date.now() / 1000),
    model,
    output: messageToOutputItems(choice.message ?? { role: 'assistant', content: null }, opts),
    status: reason ? 'incomplete' : 'completed',
    incomplete_details: reason ? { reason } : null,
    usage: chatUsageToResponseUsage(completion.usage),
    error: null,
  };
  return response as ResponseObject;
}
