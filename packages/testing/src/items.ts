/**
 * Builders of Responses API items and usage as a model returns them, for
 * scripting model turns in tests.
 */
import type { FunctionCallItem, MessageItem, OutputText, ReasoningItem, ResponseUsage } from '@gym/schemas';

export const message = (text: string, id = `msg_${text.length}`): MessageItem => {
  const part: OutputText = { type: 'output_text', text, annotations: [] };
  return { id, type: 'message', role: 'assistant', status: 'completed', content: [part] };
};

export const functionCall = (name: string, args: string, callId: string): FunctionCallItem => ({
  id: `fc_${callId}`,
  type: 'function_call',
  name,
  arguments: args,
  call_id: callId,
  status: 'completed',
});

export const reasoning = (text: string): ReasoningItem => ({ id: `rs_${text.length}`, type: 'reasoning', summary: [{ type: 'summary_text', text }] });

export const usage = (input: number, output: number, cached: number | null = 0, reasoningTokens: number | null = 0): ResponseUsage => ({
  input_tokens: input,
  output_tokens: output,
  total_tokens: input + output,
  input_tokens_details: { cached_tokens: cached },
  output_tokens_details: { reasoning_tokens: reasoningTokens },
});
