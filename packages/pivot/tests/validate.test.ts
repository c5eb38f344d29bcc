import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixturesDir, scratchDir, writeJsonl } from '@gym/testing';
import { checkRow, formatFailure, formatSummary, validatePivotFile } from '../src/index.ts';
import { pivotRow } from './rows.ts';

const dir = scratchDir('gym-pivot-');
const serverDir = fileURLToPath(new URL('../../../resources_servers/single_step_tool_use_with_argument_comparison/', import.meta.url));
const fixtures = fixturesDir('pivot/');

const reasonOf = (row: unknown, opts = {}) => {
  const r = checkRow(row, opts);
  return r.ok ? 'ok' : r.reason;
};

describe('row checks, in order', () => {
  it('accepts a minimal valid row', () => {
    expect(reasonOf(pivotRow())).toBe('ok');
  });

  it('requires the three keys', () => {
    const { agent_ref: _, ...noRef } = pivotRow();
    expect(reasonOf(noRef)).toBe("missing required key 'agent_ref'");
    expect(reasonOf([])).toBe('the row must be a JSON object');
  });

  it('checks --require-field paths, counting a non-object on the way as null', () => {
    const row = pivotRow({ provenance: { task: 'x', depth: 0 } });
    expect(reasonOf(row, { requireFields: ['provenance.depth'] })).toBe('ok');
    expect(reasonOf(row, { requireFields: ['provenance.task.id'] })).toBe("required field 'provenance.task.id' is missing or null");
    expect(reasonOf(row, { requireAnyFields: [['trajectory_id', 'provenance.task']] })).toBe('ok');
    expect(reasonOf(row, { requireAnyFields: [['trajectory_id', 'uuid']] })).toBe("none of the fields 'trajectory_id', 'uuid' is set");
  });

  it('checks agent_ref', () => {
    expect(reasonOf(pivotRow({ agent_ref: 'a' }))).toMatch(/^agent_ref must be an object/);
    expect(reasonOf(pivotRow({ agent_ref: { type: 'resources_servers', name: 'a' } }))).toMatch(/^agent_ref.type must be 'responses_api_agents'/);
    expect(reasonOf(pivotRow({ agent_ref: { type: 'responses_api_agents', name: '' } }))).toBe('agent_ref.name must be a non-empty string');
    expect(reasonOf(pivotRow(), { agentRef: 'other_agent' })).toBe("agent_ref.name 'weather_pivots_agent' is not the expected 'other_agent'");
  });

  it('checks responses_create_params', () => {
    expect(reasonOf(pivotRow({}, { metadata: null }))).toBe('responses_create_params.metadata is null; omit the key instead');
    expect(reasonOf(pivotRow({}, { tool_choice: 'required' }))).toBe('responses_create_params.tool_choice must be "auto", got "required"');
    expect(reasonOf(pivotRow({}, { input: 'Weather in Paris?' }))).toBe('responses_create_params.input must be a non-empty list');
    expect(reasonOf(pivotRow({}, { input: [] }))).toBe('responses_create_params.input must be a non-empty list');
    expect(reasonOf(pivotRow({}, { tools: undefined }))).toBe('responses_create_params.tools must be a list');
    expect(reasonOf(pivotRow({}, { parallel_tool_calls: 'false' }))).toBe('responses_create_params.parallel_tool_calls must be a boolean');
    const { tool_choice: _, parallel_tool_calls: __, ...bare } = pivotRow().responses_create_params as Record<string, unknown>;
    expect(reasonOf(pivotRow({ responses_create_params: bare }))).toBe('ok');
  });

  it('checks expected_action', () => {
    expect(reasonOf(pivotRow({ expected_action: { type: 'message' } }))).toBe('expected_action.content must be a string');
    expect(reasonOf(pivotRow({ expected_action: { type: 'message', content: '' } }))).toBe('ok');
    expect(reasonOf(pivotRow({ expected_action: { type: 'function_call', name: '', arguments: '{}' } }))).toBe('expected_action.name must be a non-empty string');
    expect(reasonOf(pivotRow({ expected_action: { type: 'function_call', name: 'get_weather', arguments: { city: 'Paris' } } }))).toBe(
      'expected_action.arguments must be a string holding JSON',
    );
    expect(reasonOf(pivotRow({ expected_action: { type: 'function_call', name: 'get_weather', arguments: '{"city": ' } }))).toBe(
      'expected_action.arguments is not valid JSON',
    );
    expect(reasonOf(pivotRow({ expected_action: { type: 'tool_call' } }))).toBe('unsupported expected_action.type "tool_call"');
  });

  it('rejects batches unless allowed, then checks every call', () => {
    const batch = { type: 'function_call_batch', calls: [{ type: 'function_call', name: 'get_weather', arguments: '{"city": "Oslo"}' }, { type: 'function_call', name: 'get_time', arguments: '{}' }] };
    expect(reasonOf(pivotRow({ expected_action: batch }))).toMatch(/^unsupported expected_action.type "function_call_batch"/);
    expect(reasonOf(pivotRow({ expected_action: batch }), { allowBatch: true })).toBe("expected tool 'get_time' is not in responses_create_params.tools");
    expect(reasonOf(pivotRow({ expected_action: { type: 'function_call_batch', calls: [] } }), { allowBatch: true })).toBe('expected_action.calls must be a non-empty list');
  });

  it('requires the expected tool among the tools (by name or function.name), unless told not to', () => {
    const row = pivotRow({ expected_action: { type: 'function_call', name: 'get_time', arguments: '{}' } });
    expect(reasonOf(row)).toBe("expected tool 'get_time' is not in responses_create_params.tools");
    expect(reasonOf(row, { checkToolNames: false })).toBe('ok');
    expect(reasonOf(pivotRow({}, { tools: [{ type: 'function', function: { name: 'get_weather' } }] }))).toBe('ok');
  });

  it("checks the verifier's request model when asked (no keys outside the create params)", () => {
    const row = pivotRow({}, { custom_flag: true });
    expect(reasonOf(row)).toBe('ok');
    expect(reasonOf(row, { checkRequestModel: true })).toMatch(/^responses_create_params.* fails the request model/);
  });
});

describe('validatePivotFile', () => {
  it('fails fast with the line number, counting blank lines', async () => {
    const file = writeJsonl(path.join(dir, 'bad.jsonl'), [pivotRow(), '', pivotRow({}, { tool_choice: 'none' }), '{not json']);
    const report = await validatePivotFile(file);
    expect(report.ok).toBe(false);
    expect(report.failures.map(formatFailure)).toEqual(['validation failed: line 3: responses_create_params.tool_choice must be "auto", got "none"']);
    const all = await validatePivotFile(file, { allErrors: true });
    expect(all.failures.map((f) => f.line)).toEqual([3, 4]);
    expect(all.failures[1].reason).toMatch(/^invalid JSON/);
  });

  it('reports a missing file as a user error with a code', async () => {
    await expect(validatePivotFile(path.join(dir, 'missing.jsonl'))).rejects.toMatchObject({ code: 'GYM_PIVOT_FILE_NOT_FOUND' });
  });

  it('fails a file with no rows', async () => {
    const file = path.join(dir, 'empty.jsonl');
    writeFileSync(file, '\n\n');
    const report = await validatePivotFile(file);
    expect(report.failures.map(formatFailure)).toEqual([`validation failed: no rows in ${file}`]);
  });

  it('summarises with a batch-size histogram when batches are allowed', async () => {
    const batch = { type: 'function_call_batch', calls: [0, 1].map((i) => ({ type: 'function_call', name: 'get_weather', arguments: `{"city": "C${i}"}` })) };
    const file = writeJsonl(path.join(dir, 'mixed.jsonl'), [pivotRow(), pivotRow({ expected_action: batch }), pivotRow({ expected_action: { type: 'message', content: 'hi' } })]);
    const report = await validatePivotFile(file, { allowBatch: true });
    expect(formatSummary(report.summary)).toBe(
      [
        'rows: 3',
        'agent_ref:',
        '  weather_pivots_agent: 3',
        'expected_tool:',
        '  get_weather: 3',
        'expected_action_split:',
        '  function_call: 1 (33.33%)',
        '  function_call_batch: 1 (33.33%)',
        '  message: 1 (33.33%)',
        'batch_size:',
        '  2: 1',
        'avg_input_items: 1.00',
        'avg_tools: 1.00',
        '',
      ].join('\n'),
    );
  });

  describe.skipIf(!fixtures)('reference fixtures', () => {
    it('fails the raw fixture on line 1 (missing agent_ref)', async () => {
      const report = await validatePivotFile(`${fixtures}example.jsonl`);
      expect(report.failures.map(formatFailure)).toEqual(["validation failed: line 1: missing required key 'agent_ref'"]);
    });

    it('prints the reference summary once null params are stripped and an agent_ref is added', async () => {
      const rows = readFileSync(`${fixtures}example.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      for (const row of rows) {
        row.responses_create_params = Object.fromEntries(Object.entries(row.responses_create_params).filter(([, v]) => v !== null));
        row.agent_ref = { type: 'responses_api_agents', name: 'tickets_agent' };
      }
      const report = await validatePivotFile(writeJsonl(path.join(dir, 'stripped.jsonl'), rows));
      expect(formatSummary(report.summary)).toBe(
        [
          'rows: 5',
          'agent_ref:',
          '  tickets_agent: 5',
          'expected_tool:',
          '  authenticate_user: 1',
          '  check_seat_availability: 1',
          '  transfer_to_human_agents: 1',
          'expected_action_split:',
          '  function_call: 3 (60.00%)',
          '  message: 2 (40.00%)',
          'avg_input_items: 11.00',
          'avg_tools: 14.00',
          '',
        ].join('\n'),
      );
    });

    it('fails the parallel fixture (with an agent_ref added) on its first batch row', async () => {
      const rows = readFileSync(`${fixtures}parallel_example.jsonl`, 'utf8').trim().split('\n').map((l) => ({ ...JSON.parse(l), agent_ref: { type: 'responses_api_agents', name: 'p_agent' } }));
      const report = await validatePivotFile(writeJsonl(path.join(dir, 'parallel.jsonl'), rows));
      expect(report.failures).toHaveLength(1);
      expect(report.failures[0]).toMatchObject({ line: 1, reason: expect.stringContaining('unsupported expected_action.type "function_call_batch"') });
    });
  });

  describe('with a config', () => {
    const config = path.join(serverDir, 'configs/single_step_tool_use_with_argument_comparison.yaml');

    it('passes the shipped example rows against the shipped config and the request model', async () => {
      const report = await validatePivotFile(path.join(serverDir, 'data/example.jsonl'), { configPaths: [config], checkRequestModel: true });
      expect(report.failures).toEqual([]);
      expect(report.summary.rows).toBe(5);
    });

    it('passes the shipped parallel rows against the parallel config with --allow-batch', async () => {
      const parallel = path.join(serverDir, 'configs/parallel_tool_calls_single_step_tool_use_with_argument_comparison.yaml');
      const report = await validatePivotFile(path.join(serverDir, 'data/parallel_example.jsonl'), { configPaths: [parallel], allowBatch: true });
      expect(report.failures).toEqual([]);
      expect(report.summary.batchSizes.byKey()).toEqual([
        [2, 2],
        [3, 1],
      ]);
    });

    it('fails an agent_ref that is not an agent of the config', async () => {
      const report = await validatePivotFile(writeJsonl(path.join(dir, 'other.jsonl'), [pivotRow()]), { configPaths: [config] });
      expect(report.failures[0].reason).toBe("agent_ref.name 'weather_pivots_agent' is not an agent in the config (agents: single_step_tool_use_with_argument_comparison_agent)");
    });

    it('fails an agent that routes to another resources server', async () => {
      const yaml = path.join(dir, 'routed.yaml');
      writeFileSync(
        yaml,
        [
          'weather_server:',
          '  resources_servers:',
          '    example_single_tool_call: {entrypoint: app.ts, domain: agent}',
          'weather_pivots_agent:',
          '  responses_api_agents:',
          '    tool_simulation_agent:',
          '      entrypoint: app.ts',
          '      resources_server: {type: resources_servers, name: weather_server}',
          '      model_server: {type: responses_api_models, name: policy_model}',
          '',
        ].join('\n'),
      );
      const report = await validatePivotFile(writeJsonl(path.join(dir, 'routed.jsonl'), [pivotRow()]), { configPaths: [yaml] });
      expect(report.failures[0].reason).toBe(
        "agent 'weather_pivots_agent' routes to resources server 'weather_server' (example_single_tool_call), not to single_step_tool_use_with_argument_comparison",
      );
    });
  });
});
