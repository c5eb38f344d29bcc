/**
 * The pivot pipeline end to end, with real processes: trajectories → `convertToPivots` → validate →
 * `writePivotConfig` → `ng run` (this verifier, tool_simulation_agent, replay_model answering from
 * rollouts written here) → `ng collect-rollouts` → the expected rewards → `selectPivots`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StepRewardCategory as C, convertToPivots, selectPivots, validatePivotFile, writePivotConfig } from '@gym/pivot';
import { REPO_ROOT, freePort, readJsonl, spawnNg, waitForEnvironment, type NgProcess } from '@gym/testing';

const dir = mkdtempSync(path.join(tmpdir(), 'gym-pivot-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);
const jsonl = (name: string, rows: unknown[]) => {
  writeFileSync(file(name), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file(name);
};

const fn = (name: string, description: string, properties: Record<string, unknown>) => ({
  type: 'function',
  function: { name, description, parameters: { type: 'object', properties, required: Object.keys(properties), additionalProperties: false } },
});
const tools = [fn('get_weather', 'Weather for a city.', { city: { type: 'string' } }), fn('get_time', 'Local time in a city.', { city: { type: 'string' } })];
const call = (id: string, name: string, args: object) => ({ id, type: 'function', function: { name, arguments: JSON.stringify(args) } });

const trajectories = [
  {
    trajectory_id: 'paris',
    task_id: 'paris',
    reward: 1,
    tools,
    messages: [
      { role: 'system', content: 'You help travellers. Use the tools.' },
      { role: 'user', content: 'What is the weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [call('c1', 'get_weather', { city: 'Paris' })] },
      { role: 'tool', tool_call_id: 'c1', content: 'sunny, 21 C' },
      { role: 'assistant', content: 'It is sunny and 21 C in Paris.' },
      { role: 'user', content: 'And what time is it there?' },
      { role: 'assistant', content: null, tool_calls: [call('c2', 'get_time', { city: 'Paris' })] },
      { role: 'tool', tool_call_id: 'c2', content: '14:05' },
      { role: 'assistant', content: 'It is 14:05 in Paris.' },
    ],
  },
  {
    trajectory_id: 'norway',
    task_id: 'norway',
    reward: 1,
    tools,
    messages: [
      { role: 'user', content: 'Is it cold in Oslo and Bergen?' },
      { role: 'assistant', content: null, tool_calls: [call('c3', 'get_weather', { city: 'Oslo' }), call('c4', 'get_weather', { city: 'Bergen' })] },
      { role: 'tool', tool_call_id: 'c3', content: 'cold' },
      { role: 'tool', tool_call_id: 'c4', content: 'cold' },
      { role: 'assistant', content: 'Yes, both are cold.' },
    ],
  },
];

const fc = (name: string, args: string) => ({ type: 'function_call', id: `fc_${name}`, call_id: `call_${name}`, name, arguments: args, status: 'completed' });
const say = (text: string) => ({ type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] });

/** What the policy (the replay model) answers at each pivot, and the reward the verifier must give it. */
const policy: Array<{ output: unknown[]; reward: number; category: string }> = [
  { output: [fc('get_weather', '{"city":"Paris"}')], reward: 1, category: C.EXPECTED_TOOL_CALL },
  { output: [fc('get_weather', '{"city":"Paris"}')], reward: 0, category: C.NO_EXPECTED_CHAT_MESSAGE },
  { output: [say('Let me check.'), fc('get_time', '{"city":"paris"}')], reward: 0, category: C.ARGUMENT_VALUE_DIFFERENT },
  { output: [say('Sure: 14:05.')], reward: 1, category: C.EXPECTED_CHAT_MESSAGE_FOUND },
  { output: [{ type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Both were cold.' }] }, say('Both are cold, yes.')], reward: 1, category: C.EXPECTED_CHAT_MESSAGE_FOUND },
];

describe('pivot pipeline: convert → validate → config → ng run → ng collect-rollouts → select', () => {
  let env: NgProcess | undefined;
  // Only if the test failed before stopping the environment itself.
  afterAll(() => {
    if (env && env.child.exitCode === null) env.child.kill('SIGKILL');
  });

  it('collects the expected rewards from the generated rows and config', async () => {
    const converted = await convertToPivots({ input: jsonl('trajectories.jsonl', trajectories), out: file('travel_pivots'), agentName: 'travel_pivots_agent' });
    const rows = readJsonl<Record<string, any>>(converted.rowsPath);
    expect(rows.map((r) => r.expected_action.type)).toEqual(['function_call', 'message', 'function_call', 'message', 'message']);
    expect(converted.metrics.turnSkips.get('multi_tool_target')).toBe(1);

    const valid = await validatePivotFile(converted.rowsPath, { agentRef: 'travel_pivots_agent', checkRequestModel: true });
    expect(valid.failures).toEqual([]);

    const config = await writePivotConfig({ rowsPath: converted.rowsPath, threshold: 0.1 });
    const replayConfig = path.join(REPO_ROOT, 'responses_api_models/replay_model/configs/replay_model.yaml');
    const routed = await validatePivotFile(converted.rowsPath, { configPaths: [config.path, replayConfig] });
    expect(routed.failures).toEqual([]);

    // The replay model's recordings: one rollout line per pivot, the policy's single turn as the output.
    const recordings = jsonl(
      'policy_rollouts.jsonl',
      rows.map((row, i) => ({ responses_create_params: row.responses_create_params, response: { id: `resp_${i}`, output: policy[i].output }, reward: policy[i].reward })),
    );

    const headPort = await freePort();
    env = spawnNg(
      [
        'run',
        `+config_paths=[${config.path},${replayConfig}]`,
        `++policy_model.responses_api_models.replay_model.rollouts_jsonl_fpaths=[${recordings}]`,
        `++head_server.port=${headPort}`,
        // Every child is gone within a second of SIGINT, but the launcher still waits out the grace period.
        '++shutdown_grace_seconds=2',
      ],
      { env: { GYM_LOG_LEVEL: 'silent' } },
    );
    const instances = await waitForEnvironment(`http://127.0.0.1:${headPort}`, env, 90_000);
    expect(instances.map((i) => i.process_name).sort()).toEqual(['policy_model', 'travel_pivots_agent', 'travel_pivots_resources_server']);

    const collect = spawnNg(['collect-rollouts', '-i', converted.rowsPath, '-o', file('collected.jsonl'), `++head_server.port=${headPort}`], { env: { GYM_LOG_LEVEL: 'silent' } });
    const done = await collect.exited;
    expect(done.code, collect.output()).toBe(0);

    const collected = readJsonl<Record<string, any>>(file('collected.jsonl')).sort((a, b) => a._ng_task_index - b._ng_task_index);
    expect(collected.map((r) => ({ task: r._ng_task_index, reward: r.reward, category: r.category }))).toEqual(
      policy.map((p, task) => ({ task, reward: p.reward, category: p.category })),
    );
    expect(collected.every((r) => r.agent_ref.name === 'travel_pivots_agent')).toBe(true);

    // One rollout per pivot: every group is all-1 or all-0, so selection keeps none and says why.
    const selected = await selectPivots({ pivots: converted.rowsPath, rollouts: [file('collected.jsonl')], out: file('selected'), minRollouts: 1 });
    expect(selected.report.counts).toMatchObject({ candidates: 5, kept: 0, all_success: 3, all_failure: 2, unmatched_rollouts: 0 });
    expect(readFileSync(selected.rowsPath, 'utf8')).toBe('');

    env.child.kill('SIGINT');
    expect((await env.exited).code).toBe(0);
  }, 180_000);
});
