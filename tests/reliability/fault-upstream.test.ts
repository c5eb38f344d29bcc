/**
 * Fault (b): the upstream LLM behind `openai_model` answers 429/500/503, hangs past the deadline
 * or closes the connection mid-body, while `ng collect-rollouts` runs the shipped example
 * environment against it (real processes, the fake upstream speaks the OpenAI wire format). Each
 * rollout retries a bounded number of times, then succeeds or becomes a failure record naming
 * the upstream's answer; the run goes on; a rerun completes the rest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCloseMidBody, fakeError, fakeHang, fakeTurn, startFakeUpstream, type FakeUpstream } from '@gym/testing';
import { readJsonlFile, rolloutKey, runCollect, SHIPPED_AGENT, SHIPPED_INPUT, startEnvironment, type Environment } from './helpers/environment.ts';

const dir = mkdtempSync(join(tmpdir(), 'gym-rel-upstream-'));
const out = join(dir, 'rollouts.jsonl');
const TIMEOUT_MS = 1500;
let upstream: FakeUpstream;
let env: Environment;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  const model = (key: string, value: string | number) => `++policy_model.responses_api_models.openai_model.${key}=${value}`;
  env = await startEnvironment([
    '+config_paths=[resources_servers/example_single_tool_call/configs/example_single_tool_call.yaml,responses_api_models/openai_model/configs/openai_model.yaml]',
    `+policy_base_url=${upstream.baseUrl}`,
    '+policy_api_key=sk-upstream-fault-test',
    '+policy_model_name=fake-model',
    model('max_retries', 2),
    model('max_retries_on_500', 1),
    model('retry_base_delay_ms', 50),
    model('retry_max_delay_ms', 200),
    model('request_timeout_ms', TIMEOUT_MS),
  ]);
}, 120_000);

afterAll(async () => {
  await env?.stop('SIGKILL');
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

const words = [`+agent_name=${SHIPPED_AGENT}`, `+input_jsonl_fpath=${SHIPPED_INPUT}`, `+output_jsonl_fpath=${out}`, '+num_samples_in_parallel=1'];

/** Which row an upstream request belongs to: its input (every example row asks something else). */
const rowOf = (body: unknown) => JSON.stringify((body as { input?: unknown }).input);

describe('upstream faults during ng collect-rollouts', () => {
  it('speaks the wire format the openai SDK expects (the fake is a faithful upstream)', async () => {
    const sdk = new OpenAI({ baseURL: upstream.baseUrl, apiKey: 'sk-sdk-check', maxRetries: 0 });
    const res = await sdk.responses.create({ model: 'fake-model', input: 'hello' });
    expect(res.output_text).toBe('ok');
    upstream.requests.length = 0;
  });

  it('retries 429/503/500 and dropped connections a bounded number of times, records what failed, and goes on', async () => {
    // One rollout at a time, so the upstream's queue is consumed row by row in this order.
    const ok = fakeTurn({ content: 'ok' });
    const script = [
      [fakeError(429, undefined, { 'retry-after': '0' }), fakeError(503), ok], // row 0: ok on the 3rd try
      [fakeError(500), fakeError(500)], // row 1: max_retries_on_500 + 1 tries, then a failure
      [fakeHang()], // row 2: no answer within request_timeout_ms; a timeout is not retried
      [fakeCloseMidBody(), ok], // row 3: cut mid-body, ok on the retry
      [fakeError(503), fakeError(503), fakeError(503)], // row 4: max_retries + 1 tries, then a failure
    ];
    upstream.requests.length = 0;
    upstream.enqueue('responses', ...script.flat());

    const t0 = Date.now();
    const first = await runCollect(env, words);
    const elapsed = Date.now() - t0;
    expect(first.code, first.output).toBe(1);
    expect(first.output).toMatch(/3 rollouts got no result/);

    const done = readJsonlFile(out);
    const failures = readJsonlFile(join(dir, 'rollouts_failures.jsonl'));
    expect(done.map(rolloutKey).sort()).toEqual(['0:0', '3:0']);
    expect(failures.map(rolloutKey).sort()).toEqual(['1:0', '2:0', '4:0']);
    const causeOf = (task: number) => String(failures.find((f) => f._ng_task_index === task)!._ng_failure_cause);
    expect(causeOf(1)).toMatch(/returned HTTP 500 \(after 2 attempts\)/);
    expect(causeOf(2)).toMatch(new RegExp(`did not answer within ${TIMEOUT_MS} ms`));
    expect(causeOf(4)).toMatch(/returned HTTP 503 \(after 3 attempts\)/);
    for (const f of failures) expect(String(f._ng_failure_cause)).not.toContain('sk-upstream-fault-test');

    // Bounded: exactly the scripted number of upstream calls per row, none after giving up.
    const perRow = new Map<string, number>();
    for (const r of upstream.requestsTo('responses')) perRow.set(rowOf(r.body), (perRow.get(rowOf(r.body)) ?? 0) + 1);
    expect([...perRow.values()]).toEqual([3, 2, 1, 2, 3]);
    // The hang costs one deadline, not more; every other wait is a short backoff.
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 20_000);

    const rerun = await runCollect(env, words);
    expect(rerun.code, rerun.output).toBe(0);
    const all = readJsonlFile(out);
    expect(all.map(rolloutKey).sort()).toEqual(['0:0', '1:0', '2:0', '3:0', '4:0']);
  }, 120_000);
});
