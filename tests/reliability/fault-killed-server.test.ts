/**
 * Fault (a): a resources server, then the model server, killed by pid (SIGKILL) while
 * `ng collect-rollouts` runs against the shipped example environment. The rollouts that lose
 * their server become failure records naming the cause; `ng run` reports the death and, with
 * `restart_policy: on-failure`, restarts the server; rerunning the same collection ends with
 * every rollout exactly once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '@gym/testing';
import {
  lineCount,
  processTree,
  readJsonlFile,
  rolloutKey,
  runCollect,
  SHIPPED_AGENT,
  SHIPPED_CONFIG,
  SHIPPED_INPUT,
  spawnCollect,
  startEnvironment,
  survivors,
  waitUntil,
  type Environment,
} from './helpers/environment.ts';

const REPEATS = 60;
const TOTAL = 5 * REPEATS;
const dir = mkdtempSync(join(tmpdir(), 'gym-rel-kill-'));
let env: Environment;

beforeAll(async () => {
  env = await startEnvironment([
    `+config_paths=[${SHIPPED_CONFIG.join(',')}]`,
    '++restart_policy=on-failure',
    '++max_restarts=3',
    '++shutdown_grace_seconds=3',
    // No client retries: a lost server must show up as failure records, not be papered over.
    '++server_client.max_retries=0',
  ]);
}, 120_000);

afterAll(async () => {
  await env?.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const collectWords = (name: string) => [
  `+agent_name=${SHIPPED_AGENT}`,
  `+input_jsonl_fpath=${SHIPPED_INPUT}`,
  `+output_jsonl_fpath=${join(dir, name, 'rollouts.jsonl')}`,
  `+num_repeats=${REPEATS}`,
  '+num_samples_in_parallel=8',
];

/** Kill `instance` by pid once the collection has written some rollouts; return what the first run left. */
async function killDuringCollection(name: string, instance: string) {
  const out = join(dir, name, 'rollouts.jsonl');
  const collection = spawnCollect(env, collectWords(name));
  await waitUntil(() => lineCount(out) >= 30 || collection.child.exitCode !== null, 60_000, () => collection.output());
  const pid = await env.pidOf(instance);
  process.kill(pid, 'SIGKILL');
  const { code } = await collection.exited;
  expect(isAlive(pid)).toBe(false);
  return { code, output: collection.output(), pid, rollouts: readJsonlFile(out), failures: readJsonlFile(join(dir, name, 'rollouts_failures.jsonl')) };
}

async function expectRestarted(instance: string, oldPid: number) {
  await waitUntil(
    async () => {
      const row = (await env.instances()).find((r) => r.process_name === instance);
      return row?.status === 'ready' && row.pid !== oldPid && row.restarts === 1;
    },
    60_000,
    () => env.ng.output(),
  );
  expect(env.ng.output()).toContain(`Process \`${instance}\` finished unexpectedly! (signal SIGKILL)`);
  expect(env.ng.output()).toContain(`Restarting \`${instance}\` (1/3).`);
}

/**
 * Every requested rollout has a result or a failure record, never both, even when the run stops
 * early after 50 failures in a row (the rest get `not_attempted` records).
 */
function expectAccounted(first: Awaited<ReturnType<typeof killDuringCollection>>) {
  const done = new Set(first.rollouts.map(rolloutKey));
  const failed = new Set(first.failures.map(rolloutKey));
  expect(done.size).toBe(first.rollouts.length);
  expect(failed.size).toBe(first.failures.length);
  expect([...failed].filter((k) => done.has(k))).toEqual([]);
  expect(done.size + failed.size).toBe(TOTAL);
  expect(first.code).toBe(1);
  expect(first.output).toMatch(/rollouts got no result|stopped early/);
  if (/stopped early/.test(first.output)) {
    const skipped = first.failures.filter((f) => f._ng_failure_class === 'not_attempted');
    expect(skipped.length).toBeGreaterThan(0);
    for (const f of skipped) expect(f._ng_failure_cause).toMatch(/^not attempted: the run stopped early because 50 rollouts in a row failed/);
  }
}

async function expectRerunCompletes(name: string, before: Array<Record<string, unknown>>) {
  const out = join(dir, name, 'rollouts.jsonl');
  const firstText = readFileSync(out, 'utf8');
  const rerun = await runCollect(env, collectWords(name));
  expect(rerun.code, rerun.output).toBe(0);
  expect(rerun.output).toMatch(new RegExp(`Resuming .*: ${before.length} of ${TOTAL} rollouts already collected`));
  const all = readJsonlFile(out);
  expect(readFileSync(out, 'utf8').startsWith(firstText)).toBe(true);
  expect(all.length).toBe(TOTAL);
  expect(new Set(all.map(rolloutKey)).size).toBe(TOTAL);
  expect(all.every((r) => typeof r.reward === 'number')).toBe(true);
}

describe('a server killed during ng collect-rollouts', () => {
  it('records the lost rollouts with their cause, restarts the resources server, and a rerun completes with none lost or duplicated', async () => {
    const first = await killDuringCollection('resources', 'example_single_tool_call');
    expectAccounted(first);
    expect(first.failures.length).toBeGreaterThan(0);
    for (const f of first.failures.filter((r) => r._ng_failure_class !== 'not_attempted')) {
      expect(f._ng_failure_cause, JSON.stringify(f)).toMatch(/example_single_tool_call/);
      expect(f._ng_failure_cause).toMatch(/ECONNREFUSED|ECONNRESET|socket|closed|other side/i);
    }
    await expectRestarted('example_single_tool_call', first.pid);
    await expectRerunCompletes('resources', first.rollouts);
  }, 180_000);

  it('does the same when the model server is killed', async () => {
    const first = await killDuringCollection('model', 'policy_model');
    expectAccounted(first);
    expect(first.failures.length).toBeGreaterThan(0);
    for (const f of first.failures.filter((r) => r._ng_failure_class !== 'not_attempted')) expect(f._ng_failure_cause, JSON.stringify(f)).toMatch(/policy_model/);
    await expectRestarted('policy_model', first.pid);
    await expectRerunCompletes('model', first.rollouts);
  }, 180_000);

  it('stops every process of the environment on SIGINT, restarted ones included', async () => {
    const tree = processTree(env.ng.child.pid!);
    expect(tree.length).toBeGreaterThanOrEqual(4);
    const { code } = await env.stop('SIGINT');
    expect(code).toBe(0);
    expect(survivors(tree.map((r) => r.pid), tree.map((r) => r.pgid).filter((g) => g !== process.pid && g !== tree[0].pgid))).toEqual([]);
  }, 60_000);
});
