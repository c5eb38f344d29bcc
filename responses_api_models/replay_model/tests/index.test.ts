// Canonical form, turn segmentation, the prefix index and the fallback placeholders.
import { describe, expect, it } from 'vitest';
import { canonicalInput, canonicalJson, conversationKey } from '../src/canonical.ts';
import { describeLastItem, fallbackItems, placeholderArguments, placeholderFor } from '../src/fallback.ts';
import { RolloutIndex, modelTurns } from '../src/rollout-index.ts';

const tools = [
  { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'] } },
];

const rollout = {
  responses_create_params: { input: [{ role: 'user', content: 'weather in Paris?', type: 'message' }], tools, instructions: null },
  response: {
    status: 'completed',
    output: [
      { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'look it up' }] },
      { id: 'fc_1', type: 'function_call', call_id: 'call_A', name: 'get_weather', arguments: '{"city": "Paris", "days": 1}' },
      { type: 'function_call_output', call_id: 'call_A', output: '{"temp": 21, "session": "abc"}' },
      { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'It is 21°C.' }] },
    ],
  },
};

describe('canonical form', () => {
  it('treats a string input as one user message and ignores reasoning and ids', () => {
    expect(canonicalInput('hi')).toEqual(canonicalInput([{ role: 'user', content: [{ type: 'input_text', text: 'hi' }] }]));
    expect(canonicalInput([{ type: 'reasoning', summary: [] }, { id: 'm1', type: 'message', role: 'user', content: 'hi' }])).toEqual([['message', 'user', 'hi']]);
  });

  it('compares arguments as JSON and tool outputs by the call they answer', () => {
    expect(canonicalJson('{"b": 2, "a": [1, {"d": 1, "c": 2}]}')).toBe(canonicalJson('{"a":[1,{"c":2,"d":1}],"b":2}'));
    expect(canonicalJson('not json')).toBe('not json');
    const a = canonicalInput([
      { type: 'function_call', call_id: 'x1', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'x1', output: 'random 1' },
    ]);
    const b = canonicalInput([
      { type: 'function_call', call_id: 'other-id', name: 'f', arguments: '{ }' },
      { type: 'function_call_output', call_id: 'other-id', output: 'random 2' },
    ]);
    expect(a).toEqual(b);
  });

  it('keys on instructions and the set of tool names', () => {
    const base = { instructions: null, tools, input: 'hi' };
    expect(conversationKey(base)).toBe(conversationKey({ ...base, tools: [{ ...tools[0], description: 'changed' }] }));
    expect(conversationKey(base)).not.toBe(conversationKey({ ...base, tools: [] }));
    expect(conversationKey(base)).not.toBe(conversationKey({ ...base, instructions: 'be brief' }));
    expect(conversationKey({ ...base, instructions: '' })).toBe(conversationKey(base));
  });
});

describe('turns and index', () => {
  it('splits output into model turns around tool outputs and environment messages', () => {
    const o = (type: string, role?: string) => ({ type, role });
    expect(modelTurns([o('reasoning'), o('function_call'), o('function_call_output'), o('message', 'assistant')])).toEqual([
      [0, 2],
      [3, 4],
    ]);
    expect(modelTurns([o('message', 'assistant'), o('message', 'user'), o('message', 'assistant')])).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(modelTurns([o('function_call'), o('function_call'), o('function_call_output'), o('function_call_output')])).toEqual([[0, 2]]);
  });

  it('answers each turn of a recorded rollout, even with different tool outputs and call ids', () => {
    const index = new RolloutIndex();
    expect(index.add(rollout, 'r:1')).toBe(true);
    expect(index.stats).toMatchObject({ rollouts: 1, turns: 2 });
    const first = index.lookup({ input: 'weather in Paris?', tools });
    expect(first?.items.map((i) => i.type)).toEqual(['reasoning', 'function_call']);
    const second = index.lookup({
      tools,
      input: [
        { role: 'user', content: 'weather in Paris?' },
        { type: 'function_call', call_id: 'call_NEW', name: 'get_weather', arguments: '{"days":1,"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_NEW', output: '{"temp": 21, "session": "xyz"}' },
      ],
    });
    expect(second?.items).toEqual([rollout.response.output[3]]);
    expect(second?.status).toBe('completed');
    expect(index.lookup({ input: 'weather in Rome?', tools })).toBeUndefined();
    expect(index.lookup({ input: 'weather in Paris?', tools: [] })).toBeUndefined();
  });

  it('keeps the first recording of a prefix and skips unusable lines', () => {
    const index = new RolloutIndex();
    const other = structuredClone(rollout);
    other.response.output[1].arguments = '{"city": "Lyon", "days": 1}';
    index.addJsonl('f.jsonl', [JSON.stringify(rollout), 'not json', JSON.stringify({ foo: 1 }), '', JSON.stringify(other)].join('\n'));
    expect(index.stats.skippedLines).toBe(2);
    expect(index.stats.rollouts).toBe(2);
    expect(index.lookup({ input: 'weather in Paris?', tools })?.source).toBe('f.jsonl:1');
  });
});

describe('fallback', () => {
  it('builds placeholder arguments from the required properties', () => {
    expect(placeholderArguments(tools[0].parameters)).toEqual({ city: 'example', days: 0 });
    expect(
      placeholderArguments({
        properties: { a: { enum: ['x', 'y'] }, b: { type: 'number' }, c: { type: 'boolean' }, d: { type: 'array' }, e: { type: 'object' }, f: { type: ['null', 'string'] }, g: { type: 'string' } },
        required: ['a', 'b', 'c', 'd', 'e', 'f'],
      }),
    ).toEqual({ a: 'x', b: 0, c: false, d: [], e: {}, f: 'example' });
    expect(placeholderFor({ anyOf: [{ type: 'null' }, { type: 'integer' }] })).toBe(0);
    expect(placeholderArguments(null)).toEqual({});
  });

  it('calls the first tool unless the last item is a tool output', () => {
    const call = fallbackItems('first_tool', { input: 'hi', tools }, 'msg');
    expect(call[0]).toMatchObject({ type: 'function_call', name: 'get_weather', arguments: '{"city":"example","days":0}' });
    const after = fallbackItems('first_tool', { input: [{ type: 'function_call_output', call_id: 'c', output: 'o' }], tools }, 'msg');
    expect(after[0]).toMatchObject({ type: 'message', content: [{ text: 'msg' }] });
    expect(fallbackItems('first_tool', { input: 'hi', tools: [] }, 'msg')[0].type).toBe('message');
    expect(fallbackItems('message', { input: 'hi', tools }, 'msg')[0].type).toBe('message');
  });

  it('summarises the last input item', () => {
    expect(describeLastItem('hello')).toBe('user message "hello"');
    expect(describeLastItem([{ type: 'function_call_output', call_id: 'c1', output: 'x'.repeat(100) }])).toMatch(/^function_call_output for c1: "x{80}…"$/);
  });
});
