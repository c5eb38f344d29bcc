import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonl, scratchDir, writeJsonl } from '@gym/testing';
import { collectRollouts, docentContractViolations, stripForAggregation, type CollectOptions } from '../src/index.ts';
import { question, startInProcessEnvironment, type InProcessEnvironment } from './helpers.ts';

const scratch = scratchDir('gym-data-');
let env: InProcessEnvironment;
beforeAll(async () => {
  env = await startInProcessEnvironment();
});
afterAll(async () => {
  await env.close();
});
let n = 0;

const QUESTIONS = [question('What is the capital of France?', 'France'), question('Spell cat.', 'cat'), question('Name a prime.', 'seven'), question('Say blue.', 'blue'), question('2+2?', '2+2')];

function setup(rows: Array<Record<string, unknown>>, opts: Partial<CollectOptions> = {}) {
  const dir = path.join(scratch, `c${n++}`);
  const input = writeJsonl(path.join(dir, 'input.jsonl'), rows);
  const base: CollectOptions = { inputJsonlFpath: input, outputJsonlFpath: path.join(dir, 'rollouts.jsonl'), agentName: 'tiny_agent', client: env.client, progress: 'none', log: () => {}, ...opts };
  return { dir, run: (more: Partial<CollectOptions> = {}) => collectRollouts({ ...base, ...more }) };
}

const keys = (rows: Array<Record<string, unknown>>) => rows.map((r) => `${r._ng_task_index}:${r._ng_rollout_index}`).sort();

/** What Docent (and the viewer) need from every rollout line. */
function expectDocentContract(row: Record<string, unknown>) {
  expect(docentContractViolations(row)).toEqual([]);
}

describe('collectRollouts against real servers', () => {
  it('writes materialized inputs, one line per rollout (Docent contract) and aggregate metrics', async () => {
    const { run } = setup(QUESTIONS, { numRepeats: 2, numSamplesInParallel: 3 });
    const result = await run();
    expect(result).toMatchObject({ total: 10, collected: 10, failed: 0, resumed: false, interrupted: false });
    const materialized = readJsonl(result.files.materialized);
    expect(materialized.map((r) => [r._ng_task_index, r._ng_rollout_index])).toEqual([[0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 1], [3, 0], [3, 1], [4, 0], [4, 1]]);
    const rollouts = readJsonl(result.files.output);
    expect(keys(rollouts)).toEqual(keys(materialized));
    rollouts.forEach(expectDocentContract);
    expect(rollouts.find((r) => r._ng_task_index === 2)!.reward).toBe(0);
    expect(rollouts.find((r) => r._ng_task_index === 0)).toMatchObject({ reward: 1, matched: true, agent_ref: { name: 'tiny_agent' }, expected_answer: 'France' });

    const aggregate = JSON.parse(readFileSync(result.files.aggregateMetrics, 'utf8'));
    expect(aggregate.length).toBe(1);
    expect(aggregate[0].agent_ref).toEqual({ name: 'tiny_agent' });
    expect(aggregate[0].key_metrics['mean/reward']).toBeCloseTo(0.8, 12);
    expect(aggregate[0].group_level_metrics.map((g: { _ng_task_index: number }) => g._ng_task_index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('routes failures to the sidecar with their cause; never silently fewer results', async () => {
    const rows = [
      QUESTIONS[0],
      question('boom', 'x', { fail_with: 'http500' }),
      question('bad', 'x', { fail_with: 'http422' }),
      question('judge', 'x', { fail_with: 'judge' }),
      question('ghost', 'x', { fail_with: 'no_persist' }),
      question('flaky', 'flaky', { fail_with: 'first_attempt' }),
    ];
    const { run } = setup(rows);
    const first = await run();
    expect(first).toMatchObject({ total: 6, collected: 1, failed: 4, requestFailures: 3, notPersisted: 1 });
    const failures = readJsonl(first.files.failures);
    const byTask = new Map(failures.map((f) => [f._ng_task_index, f]));
    expect(byTask.get(1)).toMatchObject({ _ng_failure_class: 'transient', _ng_attempt_index: 0, _ng_failure_cause: expect.stringMatching(/HTTP 500.*agent crashed on purpose/) });
    expect(byTask.get(2)).toMatchObject({ _ng_failure_class: 'legitimate', _ng_failure_terminal: true, _ng_failure_cause: expect.stringMatching(/HTTP 422/) });
    expect(byTask.get(3)).toMatchObject({ _ng_failure_class: 'judge_failed', reward: 0, agent_ref: { name: 'tiny_agent' } });
    expect(byTask.has(4)).toBe(false);

    // The same command again retries what can be retried, with _ng_attempt_index.
    const second = await run();
    expect(second).toMatchObject({ resumed: true, alreadyDone: 1, collected: 1, failed: 2 });
    const flaky = readJsonl(second.files.output).find((r) => r._ng_task_index === 5)!;
    expect(flaky).toMatchObject({ reward: 1, _ng_attempt_index: 1 });
    await run();
    const fourth = await run();
    // Task 1 and 3 have used their 3 attempts; task 2 is terminal; task 4 is never persisted.
    expect(fourth).toMatchObject({ givenUp: 3, collected: 0, failed: 0 });
    const attempts = readJsonl(fourth.files.failures).filter((f) => f._ng_task_index === 1).map((f) => f._ng_attempt_index);
    expect(attempts).toEqual([0, 1, 2]);
  });

  it('resumes exactly after a torn last line: no duplicate, no lost rollout', async () => {
    const { run } = setup(QUESTIONS, { numRepeats: 3 });
    const full = await run();
    const lines = readFileSync(full.files.output, 'utf8').split('\n').filter(Boolean);
    writeFileSync(full.files.output, `${lines.slice(0, 9).join('\n')}\n`);
    appendFileSync(full.files.output, lines[9].slice(0, 40));
    const again = await run();
    expect(again).toMatchObject({ resumed: true, alreadyDone: 9, collected: 6 });
    const rows = readJsonl(again.files.output);
    expect(rows.length).toBe(15);
    expect(new Set(keys(rows)).size).toBe(15);
    expect(readFileSync(again.files.output, 'utf8').startsWith(`${lines.slice(0, 9).join('\n')}\n`)).toBe(true);
  });

  it('continues an interrupted run (abort) to exactly the missing rollouts', async () => {
    const slow = await startInProcessEnvironment({ delayMs: 30 });
    try {
      const { run } = setup([...QUESTIONS, ...QUESTIONS.map((q, i) => ({ ...q, id: i }))], { numRepeats: 2, numSamplesInParallel: 2, client: slow.client });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 150);
      const partial = await run({ signal: controller.signal });
      expect(partial.interrupted).toBe(true);
      expect(partial.collected).toBeGreaterThan(0);
      expect(partial.collected).toBeLessThan(20);
      expect(existsSync(partial.files.aggregateMetrics)).toBe(false);
      const done = await run();
      expect(done.collected).toBe(20 - partial.collected);
      const rows = readJsonl(done.files.output);
      expect(rows.length).toBe(20);
      expect(new Set(keys(rows)).size).toBe(20);
    } finally {
      await slow.close();
    }
  });

  it('stops the requests in flight as soon as the run is aborted, and keeps none of them', async () => {
    const slow = await startInProcessEnvironment({ delayMs: 20_000 });
    try {
      const { run } = setup(QUESTIONS, { numSamplesInParallel: 2, client: slow.client });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      const partial = await run({ signal: controller.signal });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(partial).toMatchObject({ interrupted: true, collected: 0, failed: 0 });
      expect(existsSync(partial.files.failures)).toBe(false);
    } finally {
      await slow.close();
    }
  });

  it('starts afresh when the inputs changed, and refuses to force-resume them', async () => {
    const { run } = setup(QUESTIONS);
    await run({ limit: 2 });
    const bigger = await run();
    expect(bigger).toMatchObject({ resumed: false, alreadyDone: 0, collected: 5 });
    await expect(run({ limit: 3, resumeFromCache: true })).rejects.toMatchObject({ code: 'GYM_DATA_RESUME' });
    const forcedFresh = await run({ resumeFromCache: false });
    expect(forcedFresh).toMatchObject({ resumed: false, collected: 5 });
  });

  it('sends aggregation rows without params, trajectories or the response body (usage kept)', () => {
    const row = { responses_create_params: { input: 'x' }, response: { id: 'r', output: [1], usage: { input_tokens: 3 } }, ng_trajectory: {}, reward: 1, _ng_task_index: 0 };
    expect(stripForAggregation(row)).toEqual({ response: { usage: { input_tokens: 3 } }, reward: 1, _ng_task_index: 0 });
  });
});
