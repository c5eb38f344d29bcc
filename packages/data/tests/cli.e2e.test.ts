/**
 * The data commands as users run them: real `ng` processes against a real environment (`ng run`
 * with the test servers of fixtures/gym_root), including a collection killed with SIGKILL
 * mid-run and resumed by rerunning the same command.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { freePort, readJsonl, REPO_ROOT, scratchDir, waitForEnvironment, writeJsonl, type NgProcess } from '@gym/testing';
import { docentContractViolations } from '../src/index.ts';
import { FIXTURE_ROOT, question, TINY_CONFIG } from './helpers.ts';
import { runNg, startNg, stopEnvironment } from './processes.ts';

const scratch = scratchDir('gym-data-e2e-');
const env = { GYM_ROOT: FIXTURE_ROOT };
let headPort = 0;
let environment: NgProcess;

beforeAll(async () => {
  headPort = await freePort();
  // A slow agent, so that a collection is still running when the test kills it.
  environment = startNg(['run', `+config_paths=[${TINY_CONFIG}]`, `++head_server.port=${headPort}`, '++tiny_agent.responses_api_agents.tiny_agent.delay_ms=25'], { cwd: scratch, env });
  expect(await waitForEnvironment(`http://127.0.0.1:${headPort}`, environment, 90_000)).toHaveLength(3);
}, 120_000);

afterAll(async () => {
  await stopEnvironment(environment, headPort);
}, 40_000);

const keyOf = (r: Record<string, unknown>) => `${r._ng_task_index}:${r._ng_rollout_index}`;

describe('ng collect-rollouts (real processes)', () => {
  const rows = Array.from({ length: 60 }, (_, i) => question(`Question number ${i}?`, i % 3 === 0 ? 'nope' : `${i}`));
  const input = () => writeJsonl(path.join(scratch, 'kill/input.jsonl'), rows);
  const output = path.join(scratch, 'kill/rollouts.jsonl');
  const args = () => ['collect-rollouts', '+agent_name=tiny_agent', `+input_jsonl_fpath=${input()}`, `+output_jsonl_fpath=${output}`, '+num_repeats=2', '+num_samples_in_parallel=4', `+head_server.port=${headPort}`];

  it('finishes with exactly N×repeats unique rollouts after being SIGKILLed mid-run and rerun', async () => {
    const first = startNg(args(), { cwd: scratch });
    const deadline = Date.now() + 60_000;
    let before = 0;
    while (Date.now() < deadline) {
      before = existsSync(output) ? readFileSync(output, 'utf8').split('\n').filter(Boolean).length : 0;
      if (before >= 10 || first.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 15));
    }
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const survived = readFileSync(output, 'utf8');
    const wholeLines = survived.slice(0, survived.lastIndexOf('\n') + 1);
    expect(wholeLines.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(10);
    expect(wholeLines.split('\n').filter(Boolean).length).toBeLessThan(120);

    const second = await runNg(args(), { cwd: scratch });
    expect(second.output).toMatch(/Resuming .*rollouts\.jsonl: \d+ of 120 rollouts already collected/);
    expect(second.code, second.output).toBe(0);
    const text = readFileSync(output, 'utf8');
    expect(text.startsWith(wholeLines)).toBe(true);
    const all = readJsonl(output);
    expect(all.length).toBe(120);
    expect(new Set(all.map(keyOf)).size).toBe(120);
    expect(all.flatMap(docentContractViolations)).toEqual([]);
    expect(readJsonl(path.join(scratch, 'kill/rollouts_materialized_inputs.jsonl')).length).toBe(120);
    expect(existsSync(path.join(scratch, 'kill/rollouts_aggregate_metrics.json'))).toBe(true);
    expect(second.output).toMatch(/Key metrics for tiny_agent:/);
  }, 120_000);

  it('profiles the collection (ng reward-profile)', async () => {
    const res = await runNg(['reward-profile', `+materialized_inputs_jsonl_fpath=${path.join(scratch, 'kill/rollouts_materialized_inputs.jsonl')}`, `+rollouts_jsonl_fpath=${output}`], { cwd: scratch });
    expect(res.code, res.output).toBe(0);
    expect(res.output).toMatch(/Reward profile completion: 120\/120 rollout rows \(100\.00%\)/);
    const profile = readJsonl(path.join(scratch, 'kill/rollouts_reward_profiling.jsonl'));
    expect(profile.length).toBe(60);
    const [agent] = JSON.parse(readFileSync(path.join(scratch, 'kill/rollouts_agent_metrics.json'), 'utf8'));
    expect(agent['mean/reward']).toBeCloseTo(40 / 60, 12);
  }, 60_000);

  it('re-verifies the collection (ng reverify), refusing to overwrite without +overwrite', async () => {
    const base = ['reverify', `+input_jsonl_fpath=${output}`, `+head_server.port=${headPort}`];
    const res = await runNg(base, { cwd: scratch });
    expect(res.code, res.output).toBe(0);
    expect(res.output).toMatch(/Reverified 120 of 120 rollouts: 120 unchanged, 0 changed, 0 failed/);
    expect(readJsonl(path.join(scratch, 'kill/rollouts_reverified.jsonl')).length).toBe(120);
    const again = await runNg(base, { cwd: scratch });
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/Error: .*rollouts_reverified\.jsonl' already exists\. Pass \+overwrite=true/);
  }, 60_000);

  it('explains a missing head server and missing options in one line', async () => {
    const noHead = await runNg(['collect-rollouts', `+input_jsonl_fpath=${input()}`, '+output_jsonl_fpath=x.jsonl', `+head_server.port=${await freePort()}`], { cwd: scratch });
    expect(noHead.code).toBe(1);
    expect(noHead.output).toMatch(/^Error: Could not connect to the head server/m);
    const noInput = await runNg(['collect-rollouts', '+output_jsonl_fpath=x.jsonl'], { cwd: scratch });
    expect(noInput.output).toMatch(/^Error: Missing option \+input_jsonl_fpath/m);
  }, 60_000);
});

describe('ng e2e-collect-rollouts (real processes)', () => {
  it('starts the environment, collects the example split, prints rewards and stops every server', async () => {
    const port = await freePort();
    const out = path.join(scratch, 'e2e/rollouts.jsonl');
    const res = await runNg(['e2e-collect-rollouts', `+config_paths=[${TINY_CONFIG}]`, `++head_server.port=${port}`, `+output_jsonl_fpath=${out}`], { cwd: scratch, env });
    expect(res.code, res.output).toBe(0);
    const rows = readJsonl(out);
    expect(rows.length).toBe(5);
    expect(rows.every((r) => (r.agent_ref as { name: string }).name === 'tiny_agent' && typeof r.reward === 'number')).toBe(true);
    expect(res.output).toMatch(/task\s+rollout\s+agent\s+reward/);
    expect(res.output).toMatch(/tiny_agent\s+5\s+0\.8000/);
    await expect(request(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  }, 120_000);
});

describe('ng e2e-collect-rollouts with the shipped example servers', () => {
  const shipped = [
    'resources_servers/example_single_tool_call/configs/example_single_tool_call.yaml',
    'responses_api_models/replay_model/configs/replay_model.yaml',
    'responses_api_agents/simple_agent/app.ts',
  ];
  const missing = shipped.filter((p) => !existsSync(path.join(REPO_ROOT, p)));
  if (missing.length) console.warn(`skipping the shipped-servers e2e test: ${missing.join(', ')} not in the repository yet`);

  it.skipIf(missing.length > 0)('collects every example row offline with the replay model', async () => {
    const out = path.join(scratch, 'shipped/rollouts.jsonl');
    const res = await runNg(['e2e-collect-rollouts', `+config_paths=[${shipped[0]},${shipped[1]}]`, `++head_server.port=${await freePort()}`, `+output_jsonl_fpath=${out}`], { cwd: REPO_ROOT });
    expect(res.code, res.output).toBe(0);
    const examples = readFileSync(path.join(REPO_ROOT, 'resources_servers/example_single_tool_call/data/example.jsonl'), 'utf8').split('\n').filter(Boolean).length;
    const rows = readJsonl(out);
    expect(rows.length).toBe(examples);
    expect(rows.flatMap(docentContractViolations)).toEqual([]);
  }, 180_000);
});
