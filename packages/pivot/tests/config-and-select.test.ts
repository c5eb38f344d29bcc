import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readJsonl, scratchDir, writeJsonl } from '@gym/testing';
import { outcomeOf, pivotKey, resourcesServerNameFor, selectPivots, validatePivotFile, writePivotConfig } from '../src/index.ts';
import { pivotRow } from './rows.ts';

type Row = Record<string, any>;

const dir = scratchDir('gym-pivot-');

describe('writePivotConfig', () => {
  const rows = writeJsonl(path.join(dir, 'weather.jsonl'), [pivotRow()]);

  it('names the verifier after the agent, replacing only the _agent suffix', () => {
    expect(resourcesServerNameFor('weather_pivots_agent')).toBe('weather_pivots_resources_server');
    expect(resourcesServerNameFor('my_agent_data_agent')).toBe('my_agent_data_resources_server');
    expect(resourcesServerNameFor('weather')).toBe('weather_resources_server');
  });

  it('writes the verifier and agent blocks beside the JSONL, with the rows as the train dataset', async () => {
    const config = await writePivotConfig({ rowsPath: rows, repoRoot: dir });
    expect(config.path).toBe(path.join(dir, 'weather.yaml'));
    expect(parseYaml(readFileSync(config.path, 'utf8'))).toEqual({
      weather_pivots_resources_server: {
        resources_servers: {
          single_step_tool_use_with_argument_comparison: {
            entrypoint: 'app.ts',
            domain: 'agent',
            tool_call_comparator_config: { word_count_similarity_threshold: 0 },
            verified: false,
            description: 'Single-step tool-use pivots from weather.jsonl.',
          },
        },
      },
      weather_pivots_agent: {
        responses_api_agents: {
          tool_simulation_agent: {
            entrypoint: 'app.ts',
            resources_server: { type: 'resources_servers', name: 'weather_pivots_resources_server' },
            model_server: { type: 'responses_api_models', name: 'policy_model' },
            datasets: [{ name: 'train', type: 'train', jsonl_fpath: 'weather.jsonl', num_repeats: 1, license: 'TBD' }],
          },
        },
      },
    });
  });

  it('refuses to overwrite without force, and sets the parallel knobs and threshold when asked', async () => {
    await expect(writePivotConfig({ rowsPath: rows, repoRoot: dir })).rejects.toMatchObject({ code: 'GYM_PIVOT_OUTPUT_EXISTS' });
    const config = await writePivotConfig({ rowsPath: rows, repoRoot: dir, force: true, parallel: true, threshold: 0.1, agentName: 'other_agent' });
    const inner = (config.tree.other_resources_server as any).resources_servers.single_step_tool_use_with_argument_comparison;
    expect(inner.tool_call_comparator_config).toEqual({
      word_count_similarity_threshold: 0.1,
      parallel_tool_call_rewarding: true,
      allow_subset: true,
      allow_superset: true,
      parallel_tool_call_reward_mode: 'f1',
    });
  });

  it('writes an absolute dataset path for files outside the repo root', async () => {
    const config = await writePivotConfig({ rowsPath: rows, out: path.join(dir, 'abs.yaml'), repoRoot: path.join(dir, 'elsewhere') });
    const agent = (config.tree.weather_pivots_agent as any).responses_api_agents.tool_simulation_agent;
    expect(agent.datasets[0].jsonl_fpath).toBe(rows);
  });

  it('produces a config the validator routes the rows through', async () => {
    const config = await writePivotConfig({ rowsPath: rows, out: path.join(dir, 'routed.yaml'), repoRoot: dir });
    const report = await validatePivotFile(rows, { configPaths: [config.path] });
    expect(report.failures).toEqual([]);
  });

  it('needs an agent name from the rows or the options', async () => {
    const noRef = writeJsonl(path.join(dir, 'noref.jsonl'), [{ ...pivotRow(), agent_ref: undefined }]);
    await expect(writePivotConfig({ rowsPath: noRef, repoRoot: dir })).rejects.toMatchObject({ code: 'GYM_PIVOT_NO_AGENT_NAME' });
  });
});

describe('selectPivots', () => {
  /** Candidate i asks about city i. */
  const candidate = (i: number, sourceGroup?: string) =>
    pivotRow({ expected_action: { type: 'function_call', name: 'get_weather', arguments: `{"city": "C${i}"}` }, ...(sourceGroup ? { provenance: { source_group: sourceGroup } } : {}) }, {
      input: [{ role: 'user', type: 'message', content: `Weather in C${i}?` }],
    });
  /** A rollout line as collect-rollouts writes it: materialised params, the verify reply, stamps. */
  const rollout = (row: Record<string, any>, reward: number, i: number) => ({
    responses_create_params: { background: null, ...row.responses_create_params, metadata: null },
    response: { id: `resp_${i}`, output: [] },
    expected_action: { ...row.expected_action },
    reward,
    category: 'x',
    _ng_task_index: i,
    _ng_rollout_index: 0,
  });
  const rewards = (pattern: number[], row: Record<string, any>) => pattern.map((r, i) => rollout(row, r, i));

  it('classifies reward groups', () => {
    const s = (xs: number[]) => ({ n: xs.length, sum: xs.reduce((a, b) => a + b, 0), min: Math.min(...xs), max: Math.max(...xs) });
    expect(outcomeOf(s([1, 1, 1, 1, 1, 1, 1, 1]), 8)).toBe('all_success');
    expect(outcomeOf(s([0, 0, 0, 0, 0, 0, 0, 0]), 8)).toBe('all_failure');
    expect(outcomeOf(s([0, 1, 1, 1, 1, 1, 1, 1]), 8)).toBe('mixed');
    expect(outcomeOf(s([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]), 8)).toBe('mixed');
    expect(outcomeOf(s([0, 1]), 8)).toBe('insufficient_rollouts');
    expect(outcomeOf(undefined, 8)).toBe('unprofiled');
  });

  it('joins rollouts to rows by prefix and expected action, whatever the params around them', () => {
    const row = candidate(1);
    expect(pivotKey(rollout(row, 1, 0))).toBe(pivotKey(row));
    expect(pivotKey(candidate(2))).not.toBe(pivotKey(row));
  });

  it('keeps mixed groups, drops all-0, all-1, under-profiled and unprofiled pivots, and reports', async () => {
    const rows = [0, 1, 2, 3, 4].map((i) => candidate(i));
    const pivots = writeJsonl(path.join(dir, 'candidates.jsonl'), rows);
    const file = writeJsonl(path.join(dir, 'rollouts.jsonl'), [
      ...rewards([1, 0, 1, 1, 0, 1, 1, 1], rows[0]),
      ...rewards([1, 1, 1, 1, 1, 1, 1, 1], rows[1]),
      ...rewards([0, 0, 0, 0, 0, 0, 0, 0], rows[2]),
      ...rewards([0, 1, 0], rows[3]),
      rollout(candidate(99), 1, 0),
    ]);
    const result = await selectPivots({ pivots, rollouts: [file], out: path.join(dir, 'selected') });
    const kept = readJsonl<Row>(result.rowsPath);
    expect(kept.map((r) => r.expected_action.arguments)).toEqual(['{"city": "C0"}']);
    expect(kept[0].provenance.selection).toEqual({ rollouts: 8, pass_rate: 0.75 });
    expect(result.report.counts).toEqual({
      candidates: 5,
      kept: 1,
      mixed: 1,
      all_success: 1,
      all_failure: 1,
      insufficient_rollouts: 1,
      unprofiled: 1,
      dropped_easiest: 0,
      rollout_lines: 28,
      unmatched_rollouts: 1,
    });
    expect(result.report.selection).toMatchObject({ kept: '1 / 5 (20.00%)', all_success: '1 / 5 (20.00%)' });
    expect(JSON.parse(readFileSync(result.reportPath, 'utf8')).kept_pass_rate).toEqual({ '0.7-0.8': '1 / 1 (100.00%)' });
  });

  it('drops the easiest first down to the target, after pivots whose source task was not mixed', async () => {
    const rows = [candidate(0, 'mixed'), candidate(1, 'mixed'), candidate(2, 'all_success'), candidate(3, 'mixed')];
    const pivots = writeJsonl(path.join(dir, 'cands2.jsonl'), rows);
    const file = writeJsonl(path.join(dir, 'rollouts2.jsonl'), [
      ...rewards([1, 1, 1, 1, 1, 1, 1, 0], rows[0]), // 7/8: easiest of the mixed-source ones
      ...rewards([1, 0, 0, 0, 0, 0, 0, 0], rows[1]), // 1/8
      ...rewards([1, 0, 0, 0, 0, 0, 0, 0], rows[2]), // 1/8 but its source group was not mixed
      ...rewards([1, 1, 0, 0, 0, 0, 0, 0], rows[3]), // 2/8
    ]);
    const result = await selectPivots({ pivots, rollouts: [file], out: path.join(dir, 'trimmed'), targetCount: 2 });
    expect(readJsonl<Row>(result.rowsPath).map((r) => r.expected_action.arguments)).toEqual(['{"city": "C1"}', '{"city": "C3"}']);
    expect(result.report.counts).toMatchObject({ mixed: 4, kept: 2, dropped_easiest: 2 });
    expect(result.report.kept_source_group).toEqual({ mixed: '2 / 2 (100.00%)' });
  });

  it('honours a smaller --min-rollouts and refuses a rollouts file without rewards', async () => {
    const rows = [candidate(0)];
    const pivots = writeJsonl(path.join(dir, 'cands3.jsonl'), rows);
    const file = writeJsonl(path.join(dir, 'rollouts3.jsonl'), rewards([0, 1], rows[0]));
    expect((await selectPivots({ pivots, rollouts: [file], out: path.join(dir, 'small'), minRollouts: 2 })).kept).toBe(1);
    const broken = path.join(dir, 'broken.jsonl');
    writeFileSync(broken, `${JSON.stringify({ responses_create_params: {} })}\n`);
    await expect(selectPivots({ pivots, rollouts: [broken], out: path.join(dir, 'x') })).rejects.toMatchObject({ code: 'GYM_PIVOT_BAD_ROW' });
  });
});
