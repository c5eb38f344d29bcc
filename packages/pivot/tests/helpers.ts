/** Builders for Responses output items and comparator configs used across the verifier tests. */
import { resolveComparatorConfig, type ToolCallComparatorConfigInput } from '../src/index.ts';

export const call = (name: string, args: string | Record<string, unknown>) => ({
  type: 'function_call',
  id: `fc_${name}`,
  call_id: `call_${name}`,
  name,
  arguments: typeof args === 'string' ? args : JSON.stringify(args),
  status: 'completed',
});

export const text = (t: string) => ({
  type: 'message',
  id: 'msg_1',
  role: 'assistant',
  status: 'completed',
  content: [{ type: 'output_text', text: t, annotations: [] }],
});

export const refusal = (t: string) => ({
  type: 'message',
  id: 'msg_r',
  role: 'assistant',
  status: 'completed',
  content: [{ type: 'refusal', refusal: t }],
});

export const reasoning = (t: string) => ({ type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: t }] });

export const expectCall = (name: string, args: string | Record<string, unknown>) => ({
  type: 'function_call',
  name,
  arguments: typeof args === 'string' ? args : JSON.stringify(args),
});

export const expectBatch = (...calls: ReturnType<typeof expectCall>[]) => ({ type: 'function_call_batch', calls });

export const config = (overrides: Partial<ToolCallComparatorConfigInput> = {}) =>
  resolveComparatorConfig({ word_count_similarity_threshold: 0.1, ...overrides });
