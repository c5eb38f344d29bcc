/**
 * Conformance tests shared by resources servers: each recorded rollout is
 * joined to its example row and checked against the running server.
 * Tool-calling servers replay it (see `replayRollout`): the tool outputs, the
 * reward and every other recorded verify field must come back. Stateless
 * verifiers only re-verify it: the reward and the named fields must come
 * back. `describe…Conformance` are the whole standard suites; the `it…`
 * helpers compose custom ones.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDefinition } from '@gym/server';
import { readJsonl } from './files.ts';
import { fixturesDir, joinRolloutsToRows, verifyRequestFor } from './fixtures.ts';
import { listen, replayRollout, type RunningServer } from './replay.ts';

const COLLECTION_KEYS = ['responses_create_params', 'response', '_ng_task_index', '_ng_rollout_index', 'agent_ref'];

/** Fields the recording holds besides the prompt, the response and the collection stamps. */
export const recordedVerifyFields = (rollout: Record<string, unknown>) => Object.keys(rollout).filter((k) => !COLLECTION_KEYS.includes(k));

/** Listen with `def` as instance `name` before the enclosing suite's tests and close after them; the getter returns the running server. */
export function listenForSuite<C>(def: ServerDefinition<C>, name: string): () => RunningServer {
  let running: RunningServer | undefined;
  beforeAll(async () => {
    running = await listen(def, name);
  });
  afterAll(() => running?.close());
  return () => {
    if (!running) throw new Error(`server '${name}' is not running: call the getter inside a test`);
    return running;
  };
}

export interface RecordedRollouts {
  rowsPath: string;
  rolloutsPath: string;
  /** How many rollout lines the file holds, so a truncated file fails. */
  count: number;
}

/** One test that every line joins a row, then one test per line replaying it on `running()` (see `listenForSuite`). */
export function itReplaysRecordedRollouts(running: () => RunningServer, { rowsPath, rolloutsPath, count }: RecordedRollouts): void {
  const pairs = joinRolloutsToRows(readJsonl(rowsPath), readJsonl(rolloutsPath));
  it('joins every rollout line to an example row', () => expect(pairs).toHaveLength(count));
  for (const { row, rollout, line } of pairs) {
    it(`line ${line}: replayed tool outputs match and the reward is ${rollout.reward}`, async () => {
      const { verify, tools } = await replayRollout(running(), row, rollout);
      for (const t of tools) expect(JSON.parse(t.replayedOutput)).toEqual(JSON.parse(String(t.recordedOutput)));
      expect(verify.reward).toBe(rollout.reward);
      expect(verify.response).toEqual(rollout.response);
      for (const key of recordedVerifyFields(rollout)) expect(verify[key], key).toEqual(rollout[key]);
    });
  }
}

export interface VerifiedFields {
  /** Verify reply fields besides `reward` that must equal the recording's (when the recording has them). */
  fields?: string[];
}

export interface StaleRecordings {
  /**
   * Lines (from 1) whose recorded values an older verifier produced: the values here replace the
   * recorded ones in the expectations, and the test name says so. Say why next to each entry.
   */
  stale?: Record<number, Record<string, unknown>>;
}

/** One test that every line joins a row, then one test per line posting the row plus the recorded response to `/verify`. */
export function itVerifiesRecordedRollouts(
  running: () => RunningServer,
  { rowsPath, rolloutsPath, count, fields = [], stale = {} }: RecordedRollouts & VerifiedFields & StaleRecordings,
): void {
  const pairs = joinRolloutsToRows(readJsonl(rowsPath), readJsonl(rolloutsPath));
  it(`joins all ${count} rollout lines to example rows`, () => expect(pairs).toHaveLength(count));
  for (const { row, rollout, line } of pairs) {
    const expected = { ...rollout, ...stale[line] };
    it(`line ${line}: reward ${expected.reward}${stale[line] ? ' (recorded value is stale)' : ''}`, async () => {
      const { client, name } = running();
      const res = await client.post(name, '/verify', verifyRequestFor(row, rollout), { maxRetries: 0 });
      expect(res.status, res.text).toBe(200);
      const body = res.json<Record<string, unknown>>();
      expect(body.reward).toBe(expected.reward);
      for (const field of fields) if (field in expected) expect(body[field], field).toEqual(expected[field]);
    });
  }
}

/** A server's own example rollouts carry the collection stamps: task index 0…n-1 and the agent that ran them. */
export function itStampsRecordedRollouts(rolloutsPath: string, agentName: string): void {
  it('stamps every line with task, rollout index and agent', () => {
    const lines = readFileSync(rolloutsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l._ng_task_index)).toEqual(lines.map((_, i) => i));
    for (const l of lines) expect(l.agent_ref).toEqual({ type: 'responses_api_agents', name: agentName });
  });
}

export interface ServerUnderTest<C> {
  /** The server folder's name: the reference recordings are in `servers/<name>/` of the shared fixtures. */
  name: string;
  server: ServerDefinition<C>;
  /** Instance name the recordings were made with (it names the session cookie). */
  instanceName: string;
  /** The folder's own `data/` (example.jsonl, example_rollouts.jsonl). */
  dataDir: string;
  /** Rollout lines in each file. */
  count: number;
}

export interface RolloutConformance<C> extends ServerUnderTest<C> {
  /** The agent instance that recorded the folder's own rollouts. */
  agentName: string;
}

/** The standard suites: the reference recordings (skipped when the fixtures are absent), then the folder's own example rollouts and their stamps. */
export function describeRolloutConformance<C>(opts: RolloutConformance<C>): void {
  const running = listenForSuite(opts.server, opts.instanceName);
  const fixtures = fixturesDir(`servers/${opts.name}/`);
  const check = (dir: string) => itReplaysRecordedRollouts(running, { rowsPath: `${dir}example.jsonl`, rolloutsPath: `${dir}example_rollouts.jsonl`, count: opts.count });
  describe.skipIf(!fixtures)(`reference rollouts of ${opts.name}`, () => {
    if (fixtures) check(fixtures);
  });
  describe('own example rollouts in data/', () => {
    check(opts.dataDir);
    itStampsRecordedRollouts(`${opts.dataDir}example_rollouts.jsonl`, opts.agentName);
  });
}

/** The standard suites of a stateless verifier: the reference recordings (skipped when the fixtures are absent), then the folder's own example rollouts. */
export function describeVerifyConformance<C>(opts: ServerUnderTest<C> & VerifiedFields): void {
  const running = listenForSuite(opts.server, opts.instanceName);
  const fixtures = fixturesDir(`servers/${opts.name}/`);
  const check = (dir: string) => itVerifiesRecordedRollouts(running, { rowsPath: `${dir}example.jsonl`, rolloutsPath: `${dir}example_rollouts.jsonl`, count: opts.count, fields: opts.fields });
  describe.skipIf(!fixtures)(`reference rollouts of ${opts.name}`, () => {
    if (fixtures) check(fixtures);
  });
  describe('own example rollouts in data/', () => check(opts.dataDir));
}
