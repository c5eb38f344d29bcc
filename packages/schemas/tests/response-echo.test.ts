import { describe, expect, it } from 'vitest';
import { echoedRequestFields } from '../src/index.ts';

describe('echoedRequestFields', () => {
  it('echoes the create params but not the input or transport options, with the API defaults', () => {
    const echoed = echoedRequestFields({ input: 'hi', model: 'm', stream: false, include: [], temperature: 0.5, metadata: { a: '1' } });
    expect(echoed).toEqual({
      instructions: null,
      metadata: { a: '1' },
      temperature: 0.5,
      top_p: null,
      max_output_tokens: null,
      previous_response_id: null,
      reasoning: null,
      parallel_tool_calls: true,
      tool_choice: 'auto',
      tools: [],
    });
  });
  it('keeps what the caller set for the defaulted fields', () => {
    expect(echoedRequestFields({ input: [], parallel_tool_calls: false, tool_choice: 'none', tools: [{ type: 'function', name: 'f' }] })).toMatchObject({
      parallel_tool_calls: false,
      tool_choice: 'none',
      tools: [{ type: 'function', name: 'f' }],
    });
  });
});
