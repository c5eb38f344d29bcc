/**
 * Fault (c): a server that accepts connections but never answers. SIGSTOP freezes a real server
 * process by pid: the kernel still accepts connections, nothing replies. Every hop has its own
 * deadline (`server_client.timeout_ms` for tools and seed_session, `model_timeout_ms` for model
 * calls, `run_timeout_ms` for `/run`), so each rollout becomes a failure record within its
 * deadline, a trainer calling `/run` gets an error instead of waiting forever, and once the
 * server thaws a rerun completes every rollout exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerClient, ServerClientError } from '@gym/client';
import { readJsonl } from '@gym/testing';
import { readJsonlFile, rolloutKey, runCollect, SHIPPED_AGENT, SHIPPED_CONFIG, SHIPPED_INPUT, startEnvironment, type Environment } from './helpers/environment.ts';

const HOP_MS = 1500;
const MODEL_MS = 2000;
const RUN_MS = 5000;
const dir = mkdtempSync(join(tmpdir(), 'gym-rel-wedged-'));
const frozen = new Set<number>();
let env: Environment;
let trainer: ServerClient;

beforeAll(async () => {
  env = await startEnvironment([
    `+config_paths=[${SHIPPED_CONFIG.join(',')}]`,
    `++server_client.timeout_ms=${HOP_MS}`,
    `++server_client.verify_timeout_ms=${HOP_MS}`,
    `++server_client.model_timeout_ms=${MODEL_MS}`,
    `++server_client.run_timeout_ms=${RUN_MS}`,
  ]);
  trainer = await ServerClient.fromGlobalConfig({ headUrl: env.headUrl });
}, 120_000);

afterAll(async () => {
  for (const pid of frozen) thaw(pid);
  await env?.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function freeze(pid: number) {
  process.kill(pid, 'SIGSTOP');
  frozen.add(pid);
}
function thaw(pid: number) {
  try {
    process.kill(pid, 'SIGCONT');
  } catch {
    /* gone */
  }
  frozen.delete(pid);
}

const words = (name: string) => [
  `+agent_name=${SHIPPED_AGENT}`,
  `+input_jsonl_fpath=${SHIPPED_INPUT}`,
  `+output_jsonl_fpath=${join(dir, name, 'rollouts.jsonl')}`,
  '+num_repeats=2',
  '+num_samples_in_parallel=10',
];
const row = { ...readJsonl(SHIPPED_INPUT)[0], agent_ref: { type: 'responses_api_agents', name: SHIPPED_AGENT } };

/** Collect with `instance` frozen: every one of the 10 rollouts must be a failure record matching `cause`. */
async function collectWhileFrozen(name: string, instance: string, cause: RegExp) {
  const pid = await env.pidOf(instance);
  freeze(pid);
  try {
    const t0 = Date.now();
    const res = await runCollect(env, words(name));
    const elapsed = Date.now() - t0;
    expect(res.code, res.output).toBe(1);
    expect(readJsonlFile(join(dir, name, 'rollouts.jsonl'))).toEqual([]);
    const failures = readJsonlFile(join(dir, name, 'rollouts_failures.jsonl'));
    expect(new Set(failures.map(rolloutKey)).size).toBe(10);
    for (const f of failures) expect(String(f._ng_failure_cause), JSON.stringify(f)).toMatch(cause);
    return { pid, elapsed };
  } finally {
    thaw(pid);
  }
}

async function expectRerunCompletes(name: string) {
  const rerun = await runCollect(env, words(name));
  expect(rerun.code, rerun.output).toBe(0);
  const all = readJsonlFile(join(dir, name, 'rollouts.jsonl'));
  expect(all.length).toBe(10);
  expect(new Set(all.map(rolloutKey)).size).toBe(10);
}

/** A trainer's `/run` call: either a result or an error, within `withinMs`. */
async function trainerRun(withinMs: number) {
  const t0 = Date.now();
  const outcome = await trainer.post(SHIPPED_AGENT, '/run', row, { maxRetries: 0 }).then(
    (res) => ({ status: res.status, text: res.text }),
    (err: unknown) => ({ error: err as ServerClientError }),
  );
  expect(Date.now() - t0).toBeLessThan(withinMs);
  return outcome;
}

describe('a wedged server (SIGSTOP: connections accepted, never answered)', () => {
  it('a wedged resources server: each rollout fails at the tool/seed hop deadline, and a trainer gets a 500 naming it', async () => {
    const pid = await env.pidOf('example_single_tool_call');
    freeze(pid);
    try {
      const outcome = await trainerRun(HOP_MS + 3000);
      expect(outcome).toMatchObject({ status: 500 });
      expect((outcome as { text: string }).text).toMatch(new RegExp(`server 'example_single_tool_call' POST /seed_session timed out after ${HOP_MS} ms`));
    } finally {
      thaw(pid);
    }
    await collectWhileFrozen('resources', 'example_single_tool_call', new RegExp(`'example_single_tool_call' POST /seed_session timed out after ${HOP_MS} ms`));
    await expectRerunCompletes('resources');
  }, 120_000);

  it('a wedged model server: each rollout fails at the model-call deadline', async () => {
    await collectWhileFrozen('model', 'policy_model', new RegExp(`'policy_model' POST /v1/responses timed out after ${MODEL_MS} ms`));
    await expectRerunCompletes('model');
  }, 120_000);

  it('a wedged agent: each rollout fails at the /run deadline, and a trainer gets a timeout error, not silence', async () => {
    const pid = await env.pidOf(SHIPPED_AGENT);
    freeze(pid);
    try {
      const outcome = await trainerRun(RUN_MS + 3000);
      expect((outcome as { error: ServerClientError }).error).toBeInstanceOf(ServerClientError);
      expect((outcome as { error: ServerClientError }).error.code).toBe('GYM_CLIENT_TIMEOUT');
      expect((outcome as { error: ServerClientError }).error.message).toMatch(new RegExp(`POST /run timed out after ${RUN_MS} ms`));
    } finally {
      thaw(pid);
    }
    const { elapsed } = await collectWhileFrozen('agent', SHIPPED_AGENT, new RegExp(`Request to server '${SHIPPED_AGENT}' POST /run timed out after ${RUN_MS} ms`));
    // Ten rollouts in parallel share one deadline: the run does not wait ten times.
    expect(elapsed).toBeLessThan(RUN_MS * 3 + 10_000);
    await expectRerunCompletes('agent');
  }, 120_000);
});
