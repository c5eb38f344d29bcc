// Chat completion → Response (spec §5.4) and the <think> parser.
import { describe, expect, it } from 'vitest';
import type { ResponsesCreateParams } from '@gym/schemas';
import { chatCompletionToResponse, chatUsageToResponseUsage, messageToOutputItems } from '../src/from-chat.ts';
import { parseThink, wrapThink } from '../src/think.ts';

const parser = { usesReasoningParser: true, returnTokenIdInformation: false };
const noParser = { usesReasoningParser: false, returnTokenIdInformation: false };

describe('think parsing', () => {
  it('extracts every block, keeps outside whitespace as is', () => {
    expect(parseThink('A<think>x</think>B<think>y</think>C')).toEqual({ reasoning: ['x', 'y'], rest: 'ABC' });
    expect(parseThink('<think>\nmulti\nline\n</think>\n\n answer ')).toEqual({ reasoning: ['\nmulti\nline\n'], rest: '\n\n answer ' });
    expect(parseThink('no tags')).toEqual({ reasoning: [], rest: 'no tags' });
    expect(parseThink('<think>unclosed')).toEqual({ reasoning: [], rest: '<think>unclosed' });
    expect(wrapThink(['a', '', 'b'])).toBe('<think>a</think><think>b</think>');
  });
});

describe('output items', () => {
  it('gives summaries [x, y] and the message "ABC"', () => {
    const items = messageToOutputItems({ role: 'assistant', content: 'A<think>x</think>B<think>y</think>C' }, parser);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'x' }, { type: 'summary_text', text: 'y' }], encrypted_content: null, content: null });
    expect(items[0].id).toMatch(/^rs_[0-9a-f]{32}$/);
    expect(items[1]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'ABC', annotations: [], logprobs: null }] });
    expect(items[1].id).toMatch(/^msg_[0-9a-f]{32}$/);
  });

  it('leaves <think> text alone without a parser', () => {
    const items = messageToOutputItems({ role: 'assistant', content: '<think>x</think>B' }, noParser);
    expect(items.map((i) => i.type)).toEqual(['message']);
    expect(items[0].content[0].text).toBe('<think>x</think>B');
  });

  it('gives an empty completion one message with text ""', () => {
    const items = messageToOutputItems({ role: 'assistant', content: null }, parser);
    expect(items).toHaveLength(1);
    expect(items[0].content[0].text).toBe('');
  });

  it('emits no message for reasoning-only or tool-call-only turns', () => {
    expect(messageToOutputItems({ role: 'assistant', content: '<think>r</think>' }, parser).map((i) => i.type)).toEqual(['reasoning']);
    const calls = messageToOutputItems(
      { role: 'assistant', content: '', tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] },
      parser,
    );
    expect(calls).toEqual([{ type: 'function_call', id: 't1', call_id: 't1', name: 'f', arguments: '{"a":1}', status: 'completed' }]);
  });

  it('puts token ids on the last item only, in token mode only', () => {
    const message = {
      role: 'assistant',
      content: 'hi',
      tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{}' } }],
      prompt_token_ids: [1],
      generation_token_ids: [2],
      generation_log_probs: [-1],
    };
    const items = messageToOutputItems(message, { ...parser, returnTokenIdInformation: true });
    expect('prompt_token_ids' in items[0]).toBe(false);
    expect(items[1]).toMatchObject({ prompt_token_ids: [1], generation_token_ids: [2], generation_log_probs: [-1] });
    expect('prompt_token_ids' in messageToOutputItems(message, parser)[1]).toBe(false);
  });
});

describe('usage', () => {
  it('maps names, keeps total as reported, and leaves unknown details null (not 0)', () => {
    expect(chatUsageToResponseUsage({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 16 })).toEqual({
      input_tokens: 10,
      output_tokens: 5,
      total_tokens: 16,
      input_tokens_details: { cached_tokens: null },
      output_tokens_details: { reasoning_tokens: null },
    });
    expect(
      chatUsageToResponseUsage({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 5 } }),
    ).toMatchObject({ input_tokens_details: { cached_tokens: 4 }, output_tokens_details: { reasoning_tokens: 5 } });
    expect(chatUsageToResponseUsage({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, cached_tokens: 7, reasoning_tokens: 8 })).toMatchObject({
      input_tokens_details: { cached_tokens: 7 },
      output_tokens_details: { reasoning_tokens: 8 },
    });
    expect(chatUsageToResponseUsage(undefined)).toBeNull();
  });
});

describe('response', () => {
  const params = { input: 'x', model: 'caller-model', temperature: 0.3, tools: [], metadata: { a: 'b' }, instructions: 'be nice' } as ResponsesCreateParams;
  const completion = (finish_reason: string, extra = {}) => ({
    id: 'chatcmpl-1',
    created: 1234,
    choices: [{ index: 0, finish_reason, message: { role: 'assistant', content: 'ok' } }],
    ...extra,
  });

  it('echoes the request params, replaces the model, and fills Response fields', () => {
    const r = chatCompletionToResponse(params, completion('stop', { usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }), 'served-model', parser) as Record<string, any>;
    expect(r).toMatchObject({
      object: 'response',
      created_at: 1234,
      model: 'served-model',
      status: 'completed',
      incomplete_details: null,
      temperature: 0.3,
      metadata: { a: 'b' },
      instructions: 'be nice',
      tools: [],
      tool_choice: 'auto',
      parallel_tool_calls: true,
      error: null,
    });
    expect(r.id).toMatch(/^resp_[0-9a-f]{32}$/);
    expect('input' in r).toBe(false);
    expect(r.usage.total_tokens).toBe(2);
  });

  it.each([
    ['length', 'max_output_tokens'],
    ['content_filter', 'content_filter'],
  ])('finish_reason %s gives status incomplete with reason %s', (finish, reason) => {
    const r = chatCompletionToResponse(params, completion(finish), 'm', parser);
    expect(r.status).toBe('incomplete');
    expect(r.incomplete_details).toEqual({ reason });
    expect(r.usage).toBeNull();
  });

  it.each(['stop', 'tool_calls', null])('finish_reason %s is completed', (finish) => {
    const r = chatCompletionToResponse(params, completion(finish as string), 'm', parser);
    expect(r.status).toBe('completed');
    expect(r.incomplete_details).toBeNull();
  });
});
