import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readJsonl, scratchDir, writeJsonl } from '@gym/testing';
import { convertToPivots, loadSourceMapping, validatePivotFile } from '../src/index.ts';
import { weatherTool } from './rows.ts';

type Row = Record<string, any>;

const dir = scratchDir('gym-pivot-');
const serverDir = fileURLToPath(new URL('../../../resources_servers/single_step_tool_use_with_argument_comparison/', import.meta.url));
const chatTool = { type: 'function', function: { name: 'get_weather', description: 'Weather for a city.', parameters: weatherTool.parameters } };

/** Two chat trajectories of one task (rewards 1 and 0), an unusable line and a broken one. */
const trajectories = [
  {
    trajectory_id: 'traj-1',
    task_id: 't1',
    _ng_rollout_index: 0,
    metadata: { reward: 1 },
    tools: [chatTool],
    messages: [
      { role: 'system', content: 'You answer weather questions.' },
      { role: 'user', content: [{ type: 'text', text: 'Weather in' }, { type: 'text', text: 'Paris?' }] },
      { role: 'assistant', content: '', reasoning_content: '<think>Look it up.</think>', tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: { city: 'Paris' } } }] },
      { role: 'tool', tool_call_id: 'call_a', content: '{"weather": "sunny"}' },
      { role: 'assistant', content: '<think>It said sunny.</think>It is sunny in Paris.' },
      { role: 'user', content: 'And Oslo and Rome?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_b', function: { name: 'get_weather', arguments: '{"city": "Oslo"}' } },
          { id: 'call_c', function: { name: 'get_weather', arguments: '{"city": "Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_b', content: 'cold' },
      { role: 'tool', tool_call_id: 'call_c', content: 'warm' },
      { role: 'assistant', content: 'Oslo is cold and Rome is warm.' },
    ],
  },
  {
    trajectory_id: 'traj-2',
    task_id: 't1',
    metadata: { reward: 0 },
    tools: [chatTool],
    messages: [
      { role: 'user', content: 'What time is it in Paris?' },
      { role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 'call_d', function: { name: 'get_time', arguments: null } }] },
      { role: 'tool', tool_call_id: 'call_d', content: 'unknown tool' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_e', function: { name: 'get_weather', arguments: '{bad' } }] },
      { role: 'tool', tool_call_id: 'call_e', content: 'error' },
      { role: 'assistant', content: null },
    ],
  },
  { trajectory_id: 'traj-3', note: 'no conversation here' },
];

describe('convertToPivots: chat messages', async () => {
  const input = writeJsonl(path.join(dir, 'chat.jsonl'), [...trajectories, '{oops']);
  const result = await convertToPivots({ input, out: path.join(dir, 'chat_pivots.jsonl'), agentName: 'weather_pivots_agent' });
  const rows = readJsonl<Row>(result.rowsPath);
  const skipped = readJsonl<Row>(result.skippedPath);

  it('writes the three files beside the output stem', () => {
    expect([result.rowsPath, result.skippedPath, result.metricsPath].map((p) => path.basename(p))).toEqual([
      'chat_pivots.jsonl',
      'chat_pivots_skipped.jsonl',
      'chat_pivots.metrics.json',
    ]);
  });

  it('makes one row per accepted decision point, with the context before it as input', () => {
    expect(rows.map((r) => r.expected_action)).toEqual([
      { type: 'function_call', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'message', content: 'It is sunny in Paris.' },
      { type: 'message', content: 'Oslo is cold and Rome is warm.' },
    ]);
    expect(rows[0].responses_create_params.input).toEqual([
      { role: 'system', content: 'You answer weather questions.', type: 'message' },
      { role: 'user', content: 'Weather in\nParis?', type: 'message' },
    ]);
    expect(rows.every((r) => r.agent_ref.name === 'weather_pivots_agent' && r.responses_create_params.tool_choice === 'auto')).toBe(true);
    expect(rows[0].responses_create_params.parallel_tool_calls).toBe(true);
  });

  it('maps a prior assistant turn to reasoning, then text, then its calls; tool replies to outputs', () => {
    const input = rows[2].responses_create_params.input as Record<string, any>[];
    expect(input.map((i) => i.type + (i.role ? `:${i.role}` : ''))).toEqual([
      'message:system',
      'message:user',
      'reasoning',
      'function_call',
      'function_call_output',
      'reasoning',
      'message:assistant',
      'message:user',
      'function_call',
      'function_call',
      'function_call_output',
      'function_call_output',
    ]);
    expect(input[2]).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Look it up.' }], status: 'completed' });
    expect(input[2].id).toMatch(/^rs_[0-9a-f]{32}$/);
    expect(input[3]).toEqual({ type: 'function_call', id: 'call_a', call_id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' });
    expect(input[6]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'It is sunny in Paris.', annotations: [] }] });
    expect(input[10]).toEqual({ type: 'function_call_output', call_id: 'call_b', output: 'cold' });
  });

  it('flattens the tools and keeps the full list', () => {
    expect(rows[0].responses_create_params.tools).toEqual([{ type: 'function', strict: true, name: 'get_weather', description: 'Weather for a city.', parameters: weatherTool.parameters }]);
  });

  it('puts provenance in one object, omitting what the source lacks', () => {
    expect(rows[0].provenance).toEqual({
      source: 'chat.jsonl',
      source_line: 1,
      trajectory_id: 'traj-1',
      task_id: 't1',
      rollout_id: '0',
      source_reward: 1,
      source_group: 'mixed',
      source_group_size: 2,
      source_group_reward_mean: 0.5,
      message_index: 2,
      assistant_index: 0,
      turn: 1,
      step: 0,
      depth: 0,
      pivot_has_reasoning: true,
      pivot_reasoning_content: 'Look it up.',
    });
    expect(rows[2].provenance).toMatchObject({ message_index: 9, assistant_index: 3, turn: 2, step: 1, depth: 3, pivot_has_reasoning: false });
  });

  it('skips multi-call turns with an audit line, and every other skip with its reason', () => {
    expect(skipped.map((s) => s.reason)).toEqual(['multi_tool_target', 'missing_tool_schema', 'malformed_arguments', 'no_action', 'unsupported_source', 'invalid_json']);
    expect(skipped[0]).toEqual({
      trajectory_id: 'traj-1',
      source_line: 1,
      source_message_index: 6,
      source_assistant_index: 2,
      reason: 'multi_tool_target',
      tool_call_count: 2,
      tool_names: ['get_weather', 'get_weather'],
      tool_calls: [
        { id: 'call_b', name: 'get_weather', arguments: '{"city": "Oslo"}' },
        { id: 'call_c', name: 'get_weather', arguments: '{"city": "Rome"}' },
      ],
      metadata: { reward: 1 },
    });
    expect(skipped[4]).toMatchObject({ source_line: 3, detail: expect.stringContaining('no conversation found') });
  });

  it('writes metrics: counts, skip reasons, action types, tools, positions, provenance coverage', () => {
    const m = JSON.parse(readFileSync(result.metricsPath, 'utf8'));
    expect(m.counts).toEqual({
      source_lines: 4,
      trajectories_converted: 2,
      skipped_trajectories: 2,
      decision_points: 7,
      rows: 3,
      skipped_decision_points: 4,
      skipped_multi_tool_targets: 1,
      limit_reached: false,
    });
    expect(m.skip_reasons).toEqual({
      malformed_arguments: '1 / 7 (14.29%)',
      missing_tool_schema: '1 / 7 (14.29%)',
      multi_tool_target: '1 / 7 (14.29%)',
      no_action: '1 / 7 (14.29%)',
    });
    expect(m.skipped_multi_tool_count).toEqual({ 2: 1 });
    expect(m.action_type).toEqual({ message: '2 / 3 (66.67%)', function_call: '1 / 3 (33.33%)' });
    expect(m.tool_name).toEqual({ get_weather: '1 / 3 (33.33%)' });
    expect(m.depth).toEqual({ 0: '1 / 3 (33.33%)', 1: '1 / 3 (33.33%)', 3: '1 / 3 (33.33%)' });
    expect(m.source_reward_group).toEqual({ mixed: '3 / 3 (100.00%)' });
    expect(m.provenance_coverage).toMatchObject({ task_id: '3 / 3 (100.00%)', rollout_id: '3 / 3 (100.00%)', pivot_reasoning_content: '2 / 3 (66.67%)' });
  });

  it('writes rows the validator accepts', async () => {
    const report = await validatePivotFile(result.rowsPath, { agentRef: 'weather_pivots_agent', requireFields: ['provenance.trajectory_id'] });
    expect(report.failures).toEqual([]);
  });

  it('is deterministic: the same input gives the same rows', async () => {
    const again = await convertToPivots({ input, out: path.join(dir, 'chat_again'), agentName: 'weather_pivots_agent' });
    expect(readFileSync(again.rowsPath, 'utf8')).toBe(readFileSync(result.rowsPath, 'utf8'));
  });
});

describe('convertToPivots: filters and options', () => {
  it('drops trajectories below --min-reward (and those without a reward), and chat targets with skipChat', async () => {
    const input = writeJsonl(path.join(dir, 'filter.jsonl'), [...trajectories.slice(0, 2), { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] }]);
    const result = await convertToPivots({ input, out: path.join(dir, 'filtered'), agentName: 'a_agent', minReward: 1, skipChat: true, parallelToolCalls: false, model: 'm1' });
    const rows = readJsonl<Row>(result.rowsPath);
    expect(rows.map((r) => r.expected_action.type)).toEqual(['function_call']);
    expect(rows[0].responses_create_params).toMatchObject({ parallel_tool_calls: false, model: 'm1' });
    expect(result.metrics.toJSON().trajectory_skip_reasons).toEqual({ below_min_reward: '1 / 3 (33.33%)', no_source_reward: '1 / 3 (33.33%)' });
    expect(result.metrics.turnSkips.get('chat_target_skipped')).toBe(2);
  });

  it('stops at the row limit', async () => {
    const input = writeJsonl(path.join(dir, 'limit.jsonl'), trajectories.slice(0, 2));
    const result = await convertToPivots({ input, out: path.join(dir, 'limited'), agentName: 'a_agent', limit: 2 });
    expect(readJsonl<Row>(result.rowsPath)).toHaveLength(2);
    expect(result.metrics.toJSON().counts).toMatchObject({ rows: 2, limit_reached: true });
  });

  it('skips an assistant turn with no context before it', async () => {
    const input = writeJsonl(path.join(dir, 'first.jsonl'), [{ messages: [{ role: 'assistant', content: 'Welcome!' }, { role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] }]);
    const result = await convertToPivots({ input, out: path.join(dir, 'first_out'), agentName: 'a_agent' });
    expect(readJsonl<Row>(result.rowsPath)).toHaveLength(1);
    expect(readJsonl<Row>(result.skippedPath)[0]).toMatchObject({ reason: 'empty_context', source_message_index: 0 });
  });
});

describe('convertToPivots: Responses rollout lines', async () => {
  const result = await convertToPivots({ input: path.join(serverDir, 'data/example_rollouts.jsonl'), out: path.join(dir, 'from_rollouts'), agentName: 'rollout_pivots_agent' });
  const rows = readJsonl<Row>(result.rowsPath);

  it('rebuilds assistant turns from the flat input + output item list', () => {
    // Per rollout: the prior assistant turns in the input plus the recorded turn in the output.
    expect(result.metrics.decisionPoints).toBe(14);
    expect(rows).toHaveLength(14);
    const last = rows.filter((r) => r.provenance.source_line === 1);
    expect(last.map((r) => r.expected_action)).toEqual([
      { type: 'function_call', name: 'search_flights', arguments: '{"destination":"Oslo","origin":"Lisbon","date":"2025-03-14","passengers":2}' },
    ]);
    expect(last[0].provenance).toMatchObject({ task_id: '0', rollout_id: '0', source_reward: 1, pivot_reasoning_content: 'Search flights for two travellers from Lisbon to Oslo.' });
  });

  it('labels a turn that talks and calls with its call, keeping the text in provenance', () => {
    const row = rows.find((r) => r.expected_action.name === 'get_weather');
    expect(row?.provenance.pivot_text).toBe('Glad to help! Let me also check the weather in Bergen for you.');
  });

  it('keeps the recorded tools and drops the materialised nulls', async () => {
    expect(rows[0].responses_create_params.tools).toHaveLength(6);
    expect(JSON.stringify(rows)).not.toMatch(/:null/);
    expect((await validatePivotFile(result.rowsPath)).failures).toEqual([]);
  });
});

describe('convertToPivots: a mapped custom format', () => {
  it('reads ShareGPT-style turns through a YAML mapping', async () => {
    const mappingFile = path.join(dir, 'mapping.yaml');
    writeFileSync(mappingFile, 'messages: conv.turns\nrole_field: from\ncontent_field: value\nrole_map: {human: user, gpt: assistant}\ntools: spec.tools\nreward: score\n');
    const input = writeJsonl(path.join(dir, 'sharegpt.jsonl'), [
      { meta: { task: 'k1' }, score: 1, spec: { tools: [weatherTool] }, conv: { turns: [{ from: 'human', value: 'hi' }, { from: 'gpt', value: 'hello' }] } },
    ]);
    const mapping = loadSourceMapping({ file: mappingFile, pairs: ['task_id=meta.task'] });
    const result = await convertToPivots({ input, out: path.join(dir, 'sharegpt_out'), agentName: 'a_agent', mapping, format: 'generic' });
    const rows = readJsonl<Row>(result.rowsPath);
    expect(rows).toHaveLength(1);
    expect(rows[0].expected_action).toEqual({ type: 'message', content: 'hello' });
    expect(rows[0].provenance).toMatchObject({ task_id: 'k1', source_reward: 1, source_group: 'single_trajectory' });
    expect(rows[0].responses_create_params.tools[0].name).toBe('get_weather');
  });

  it('refuses unknown mapping keys and malformed --map words', () => {
    expect(() => loadSourceMapping({ pairs: ['mesages=a.b'] })).toThrow(/unknown mapping key 'mesages'/);
    expect(() => loadSourceMapping({ pairs: ['messages'] })).toThrow(/--map expects key=dotted.path/);
  });
});

describe('convertToPivots: streaming', () => {
  it('converts a large file line by line', async () => {
    const line = JSON.stringify(trajectories[0]);
    const input = path.join(dir, 'big.jsonl');
    writeFileSync(input, `${Array.from({ length: 3000 }, () => line).join('\n')}\n`);
    const result = await convertToPivots({ input, out: path.join(dir, 'big_out'), agentName: 'a_agent' });
    expect(result.metrics.rows).toBe(9000);
    expect(result.metrics.toJSON().source_reward_group).toEqual({ all_success: '9000 / 9000 (100.00%)' });
  });
});
