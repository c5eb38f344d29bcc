/**
 * Re-verifies recorded rollouts against the running server over HTTP: both
 * reference recordings (plain rows and rows with template metadata) and this
 * folder's own example rollouts. Each rollout is joined to its example row;
 * the verify request is the row plus the recorded response.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '@gym/server';
import { fixturesDir, joinRolloutsToRows, readJsonl, verifyRequestFor } from '@gym/testing';
import { server } from '../app.ts';

const EXTRA_FIELDS = ['expected_answer', 'extracted_answer'];
const fixtures = fixturesDir('servers/mcqa/');
const dataDir = new URL('../data/', import.meta.url).pathname;

/**
 * example_rollouts.jsonl line 3 was recorded by an older verifier (reward 0,
 * extracted null). Its box reads "\boxed{\nC: An individual…\n}", which the
 * current label rule reads as C, the gold letter.
 */
const KNOWN_STALE: Record<number, Record<string, unknown>> = { 3: { reward: 1.0, extracted_answer: 'C' } };

let baseUrl = '';
let close: () => Promise<void> = async () => {};
beforeAll(async () => {
  const { app } = await buildServer(server, { instanceName: 'mcqa', docs: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  close = () => app.close();
});
afterAll(() => close());

function checkRollouts(rowsPath: string, rolloutsPath: string, stale: Record<number, Record<string, unknown>> = {}) {
  const pairs = joinRolloutsToRows(readJsonl(rowsPath), readJsonl(rolloutsPath));
  it('joins all 5 rollout lines to example rows', () => expect(pairs).toHaveLength(5));
  for (const { row, rollout, line } of pairs) {
    const expected = { ...rollout, ...stale[line] };
    it(`line ${line}: reward ${expected.reward}${stale[line] ? ' (recorded value is stale)' : ''}`, async () => {
      const res = await fetch(`${baseUrl}/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(verifyRequestFor(row, rollout)),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body.reward).toBe(expected.reward);
      for (const field of EXTRA_FIELDS) if (field in expected) expect(body[field], field).toEqual(expected[field]);
    });
  }
}

describe.skipIf(!fixtures)('reference rollouts of mcqa', () => {
  if (!fixtures) return;
  describe('example_rollouts.jsonl', () => checkRollouts(`${fixtures}example.jsonl`, `${fixtures}example_rollouts.jsonl`, KNOWN_STALE));
  describe('example_rollouts_with_template_metadata.jsonl', () =>
    checkRollouts(`${fixtures}example_with_template_metadata.jsonl`, `${fixtures}example_rollouts_with_template_metadata.jsonl`));
});

describe('own example rollouts in data/', () => {
  checkRollouts(`${dataDir}example.jsonl`, `${dataDir}example_rollouts.jsonl`);
});
