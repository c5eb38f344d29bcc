import { describe, expect, it } from 'vitest';
import { fixturesDir, readJsonl } from '@gym/testing';
import { buildRolloutView, buildTranscript } from '../src/transcript.ts';
import { makeRollout } from './helpers.ts';

type Row = Record<string, unknown>;

describe('buildTranscript', () => {
  it('numbers turns by user messages and steps by function calls, as the reference viewer does', () => {
    const params = {
      input: [
        { role: 'system', content: 'Be brief.', type: 'message' },
        { role: 'user', content: 'Weather in Oslo and Rome?', type: 'message' },
      ],
    };
    const response = {
      output: [
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Two cities, two calls.' }] },
        { type: 'function_call', name: 'get_weather', arguments: '{"city":"Oslo"}', call_id: 'c1' },
        { type: 'function_call_output', call_id: 'c1', output: '{"weather":"snow"}' },
        { type: 'function_call', name: 'get_weather', arguments: '{"city": "Rome"', call_id: 'c2' },
        { type: 'function_call_output', call_id: 'c2', output: 'sunny, 25 C' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Oslo: snow. Rome: sunny.' }] },
        { role: 'user', content: [{ type: 'input_text', text: 'Thanks!' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'You are welcome.' }] },
        { type: 'web_search_call', id: 'ws_1', status: 'completed' },
      ],
    };
    const entries = buildTranscript(params, response);
    expect(entries.map((e) => e.title)).toEqual([
      'Turn 0 Step 0 - System message',
      'Turn 1 Step 0 - User message',
      'Turn 1 Step 0 - Reasoning',
      'Turn 1 Step 1 - Function call - get_weather (tool call ID c1)',
      'Turn 1 Step 1 - Function call output (tool call ID c1)',
      'Turn 1 Step 2 - Function call - get_weather (tool call ID c2)',
      'Turn 1 Step 2 - Function call output (tool call ID c2)',
      'Turn 1 Step 2 - Assistant message',
      'Turn 2 Step 0 - User message',
      'Turn 2 Step 0 - Assistant message',
      'Turn 2 Step 0 - web_search_call',
    ]);
    expect(entries.map((e) => e.source)).toEqual(['input', 'input', ...Array(9).fill('output')]);
    expect(entries[2].text).toBe('Two cities, two calls.');
    expect(entries[3].code).toBe('{\n  "city": "Oslo"\n}');
    expect(entries[4].code).toBe('{\n  "weather": "snow"\n}');
    // Arguments a model got wrong are shown as written, with a note, not dropped.
    expect(entries[5]).toMatchObject({ code: '{"city": "Rome"', note: 'The arguments are not valid JSON.' });
    expect(entries[6]).toMatchObject({ text: 'sunny, 25 C' });
    expect(entries[8].text).toBe('Thanks!');
    expect(JSON.parse(entries[10].code!)).toEqual({ type: 'web_search_call', id: 'ws_1', status: 'completed' });
  });

  it('treats a string input as one user message and notes reasoning without text', () => {
    const entries = buildTranscript({ input: 'Hi <b>there</b>' }, { output: [{ type: 'reasoning', summary: [], encrypted_content: 'gAAA' }] });
    expect(entries).toEqual([
      { kind: 'user', label: 'User message', text: 'Hi <b>there</b>', source: 'input', turn: 1, step: 0, title: 'Turn 1 Step 0 - User message' },
      { kind: 'reasoning', label: 'Reasoning', note: 'The reasoning is encrypted.', source: 'output', turn: 1, step: 0, title: 'Turn 1 Step 0 - Reasoning' },
    ]);
  });

  it('notes an assistant message with no text (common before a tool call)', () => {
    const [entry] = buildTranscript({ input: [] }, { output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: '\n\n' }] }] });
    expect(entry).toMatchObject({ kind: 'assistant', title: 'Turn 0 Step 0 - Assistant message', note: 'Empty message.' });
  });

  const fixtures = fixturesDir();
  it.skipIf(!fixtures)('renders every item of a recorded multi-step rollout', () => {
    const [row] = readJsonl<Row>(`${fixtures}servers/example_multi_step/example_rollouts.jsonl`);
    const params = row.responses_create_params as Row;
    const output = (row.response as Row).output as Row[];
    const entries = buildTranscript(params, row.response as Row);
    expect(entries).toHaveLength((params.input as unknown[]).length + output.length);
    const calls = output.filter((o) => o.type === 'function_call');
    expect(calls.length).toBeGreaterThan(1);
    expect(Math.max(...entries.map((e) => e.step))).toBe(calls.length);
    const firstCall = entries.find((e) => e.kind === 'function_call')!;
    expect(JSON.parse(firstCall.code!)).toEqual(JSON.parse(calls[0].arguments as string));
  });
});

describe('buildRolloutView', () => {
  it('lists the verify fields as metadata and separates sampling params and tools', () => {
    const row = makeRollout({ task: 3, rollout: 1, reward: 1, question: 'Weather in Lima?', answer: 'Mild.', city: 'Lima', extra: { expected_answer: 'Mild', set_overlap: 0.5 } });
    const view = buildRolloutView(row);
    expect(view.metadata.map((m) => m.key)).toEqual(['reward', 'expected_answer', 'set_overlap', '_ng_task_index', '_ng_rollout_index', 'agent_ref']);
    expect(view.metadata[1]).toEqual({ key: 'expected_answer', text: 'Mild' });
    expect(view.metadata[2]).toEqual({ key: 'set_overlap', text: '0.5' });
    expect(view.metadata[5].code).toBe('{\n  "name": "weather_agent"\n}');
    expect(JSON.parse(view.samplingParams)).toEqual({ temperature: 0.7, parallel_tool_calls: true });
    expect(view.nullParams).toBe(1);
    expect(view.tools).toEqual([{ name: 'get_weather', type: 'function', description: 'Get the weather for a city.', code: expect.stringContaining('"city"') }]);
    expect(view.response.map((r) => r.key)).toEqual(['id', 'model', 'usage']);
    expect(view.transcript.at(-1)).toMatchObject({ kind: 'assistant', text: 'Mild.', turn: 1, step: 1 });
  });
});
