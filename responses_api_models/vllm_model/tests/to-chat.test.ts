// Responses → Chat conversion (spec §5.3).
import { describe, expect, it } from 'vitest';
import { HttpError } from '@gym/server';
import type { ResponsesCreateParams } from '@gym/schemas';
import { responsesToChat } from '../src/to-chat.ts';

const plain = { returnTokenIdInformation: false };
const tokens = { returnTokenIdInformation: true };
const convert = (params: Record<string, unknown>, opts = plain) => responsesToChat(params as ResponsesCreateParams, opts);

function badInput(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).statusCode).toBe(400);
    return err as HttpError;
  }
  throw new Error('expected a 400');
}

describe('messages', () => {
  it('wraps a string input as one user message with a text part', () => {
    expect(convert({ input: 'hello' }).messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hello' }] }]);
  });

  it('keeps string content and maps input parts (text, image with default detail, video)', () => {
    const { messages } = convert({
      input: [
        { role: 'system', content: 'sys' },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'look' },
            { type: 'input_image', image_url: 'data:image/png;base64,AA' },
            { type: 'input_image', image_url: 'http://x/y.png', detail: 'high' },
            { type: 'input_video', video_url: 'http://x/v.mp4' },
          ],
        },
      ],
    });
    expect(messages).toEqual([
      { role: 'system', content: 'sys' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AA', detail: 'auto' } },
          { type: 'image_url', image_url: { url: 'http://x/y.png', detail: 'high' } },
          { type: 'video_url', video_url: { url: 'http://x/v.mp4' } },
        ],
      },
    ]);
  });

  it('rejects unknown part and item types, naming the field', () => {
    const part = badInput(() => convert({ input: [{ role: 'user', content: [{ type: 'input_audio' }] }] }));
    expect(part.message).toContain('input[0].content[0].type');
    const item = badInput(() => convert({ input: [{ role: 'user', content: 'x' }, { type: 'web_search_call' }] }));
    expect(item.message).toContain('input[1].type');
    const role = badInput(() => convert({ input: [{ role: 'robot', content: 'x' }] }));
    expect(role.message).toContain('input[0].role');
  });
});

describe('assistant turns', () => {
  it('merges reasoning + message + function calls into ONE assistant message, <think> first', () => {
    const { messages } = convert({
      input: [
        { role: 'user', content: 'q' },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'r1' }, { type: 'summary_text', text: '' }, { type: 'summary_text', text: 'r2' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'te' }, { type: 'output_text', text: 'xt' }] },
        { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{"a":1}' },
        { type: 'function_call', call_id: 'c2', name: 'g', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: 'o1' },
        { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'o2' }] },
      ],
    });
    expect(messages).toEqual([
      { role: 'user', content: 'q' },
      {
        role: 'assistant',
        content: '<think>r1</think><think>r2</think>text',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
          { id: 'c2', type: 'function', function: { name: 'g', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'o1' },
      { role: 'tool', tool_call_id: 'c2', content: [{ type: 'text', text: 'o2' }] },
    ]);
  });

  it('never emits tool_calls: [] and gives tool-call-only turns content null', () => {
    const { messages } = convert({
      input: [
        { role: 'user', content: 'q' },
        { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: 'o' },
        { role: 'assistant', content: 'done' },
      ],
    });
    expect(messages[1]).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] });
    expect(messages[3]).toEqual({ role: 'assistant', content: 'done' });
    expect('tool_calls' in messages[3]).toBe(false);
  });

  it('accepts chat-style history: inline tool_calls and role "tool" messages', () => {
    const call = { id: 'c9', type: 'function', function: { name: 'f', arguments: '{}' } };
    const { messages } = convert({
      input: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: 'c9', content: 'out' },
      ],
    });
    expect(messages).toEqual([
      { role: 'user', content: 'q' },
      { role: 'assistant', content: null, tool_calls: [call] },
      { role: 'tool', tool_call_id: 'c9', content: 'out' },
    ]);
  });

  it('rejects non-text tool output parts and a function_call_output without call_id', () => {
    expect(badInput(() => convert({ input: [{ type: 'function_call_output', call_id: 'c', output: [{ type: 'input_image' }] }] })).message).toContain(
      'input[0].output[0].type',
    );
    expect(badInput(() => convert({ input: [{ type: 'function_call_output', output: 'x' }] })).message).toContain('input[0].call_id');
  });
});

describe('instructions and top-level fields', () => {
  it('turns instructions into system message #0, absorbing the leading system/developer run', () => {
    const { messages } = convert({
      instructions: 'be brief',
      input: [
        { role: 'developer', content: 'dev rules' },
        { role: 'system', content: [{ type: 'input_text', text: 'sys rules' }] },
        { role: 'user', content: 'hi' },
        { role: 'system', content: 'late system' },
      ],
    });
    expect(messages).toEqual([
      { role: 'system', content: 'be brief\n\ndev rules\n\nsys rules' },
      { role: 'user', content: 'hi' },
      { role: 'system', content: 'late system' },
    ]);
    expect(convert({ instructions: 'only', input: 'x' }).messages[0]).toEqual({ role: 'system', content: 'only' });
  });

  it('renames max_output_tokens and reasoning.effort, passes shared fields, drops Responses-only ones and nulls', () => {
    const out = convert({
      input: 'x',
      model: 'm',
      max_output_tokens: 64,
      reasoning: { effort: 'low', summary: 'auto' },
      temperature: 0.5,
      top_p: 0.9,
      metadata: { k: 'v' },
      user: '',
      top_logprobs: null,
      truncation: 'auto',
      previous_response_id: 'resp_1',
      text: { format: { type: 'text' } },
      store: false,
    });
    expect(out).toEqual({
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
      model: 'm',
      max_tokens: 64,
      reasoning_effort: 'low',
      temperature: 0.5,
      top_p: 0.9,
      metadata: { k: 'v' },
      user: '',
      store: false,
    });
  });

  it('converts function tools (strict dropped) and a forced function tool_choice', () => {
    const out = convert({
      input: 'x',
      tools: [
        { type: 'function', name: 'f', description: 'd', parameters: { type: 'object' }, strict: true },
        { type: 'function', name: 'g', description: null, parameters: null, strict: null },
      ],
      tool_choice: { type: 'function', name: 'f' },
      parallel_tool_calls: false,
    });
    expect(out.tools).toEqual([
      { type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object' } } },
      { type: 'function', function: { name: 'g' } },
    ]);
    expect(out.tool_choice).toEqual({ type: 'function', function: { name: 'f' } });
    expect(out.parallel_tool_calls).toBe(false);
  });

  it('without tools: drops tool_choice and parallel_tool_calls; "required" is an error', () => {
    const out = convert({ input: 'x', tools: [], tool_choice: 'auto', parallel_tool_calls: true });
    expect('tool_choice' in out).toBe(false);
    expect('parallel_tool_calls' in out).toBe(false);
    expect('tools' in out).toBe(false);
    expect(badInput(() => convert({ input: 'x', tool_choice: 'required' })).message).toContain('tool_choice');
    expect(badInput(() => convert({ input: 'x', tools: [{ type: 'web_search' }] })).message).toContain('tools[0].type');
  });
});

describe('token ids on input items', () => {
  const bundle = { prompt_token_ids: [1, 2], generation_token_ids: [3], generation_log_probs: [-0.1] };

  it('puts the last bundle of a turn on its flushed assistant message, only in token mode', () => {
    const input = [
      { role: 'user', content: 'q' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'a' }] },
      { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}', ...bundle, routed_experts: [[0, 1]] },
      { type: 'function_call_output', call_id: 'c', output: 'o' },
      { role: 'assistant', content: 'no ids here' },
    ];
    const withIds = convert({ input }, tokens).messages;
    expect(withIds[1]).toMatchObject({ role: 'assistant', content: 'a', ...bundle, routed_experts: [[0, 1]] });
    // A later turn without ids does not inherit the previous turn's ids.
    expect(withIds[3]).toEqual({ role: 'assistant', content: 'no ids here' });
    const without = convert({ input }, plain).messages;
    expect('prompt_token_ids' in without[1]).toBe(false);
  });

  it('rejects a partial bundle or mismatched lengths, naming the item', () => {
    const partial = badInput(() => convert({ input: [{ role: 'assistant', content: 'a', prompt_token_ids: [1] }] }, tokens));
    expect(partial.message).toMatch(/input\[0\].*missing: generation_token_ids, generation_log_probs/);
    const lengths = badInput(() =>
      convert({ input: [{ role: 'assistant', content: 'a', prompt_token_ids: [1], generation_token_ids: [1, 2], generation_log_probs: [0] }] }, tokens),
    );
    expect(lengths.message).toContain('same length');
  });
});
