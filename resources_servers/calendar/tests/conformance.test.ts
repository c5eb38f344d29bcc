/**
 * Re-verifies recorded rollouts against the running server over HTTP: the
 * reference recordings in the shared fixtures, and this folder's own example
 * rollouts. Each rollout is joined to its example row; the verify request is
 * the row plus the recorded response, and the recorded reward and extra
 * fields must come back.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '@gym/server';
import { fixturesDir, joinRolloutsToRows, readJsonl, verifyRequestFor } from '@gym/testing';
import { server } from '../app.ts';

const EXTRA_FIELDS: string[] = [];
const fixtures = fixturesDir('servers/calendar/');
const dataDir = new URL('../data/', import.meta.url).pathname;

let baseUrl = '';
let close: () => Promise<void> = async () => {};
beforeAll(async () => {
  const { app } = await buildServer(server, { instanceName: 'calendar', docs: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  close = () => app.close();
});
afterAll(() => close());

function checkRollouts(rowsPath: string, rolloutsPath: string) {
  const pairs = joinRolloutsToRows(readJsonl(rowsPath), readJsonl(rolloutsPath));
  it('joins all 5 rollout lines to example rows', () => expect(pairs).toHaveLength(5));
  for (const { row, rollout, line } of pairs) {
    it(`line ${line}: reward ${rollout.reward}`, async () => {
      const res = await fetch(`${baseUrl}/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(verifyRequestFor(row, rollout)),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body.reward).toBe(rollout.reward);
      for (const field of EXTRA_FIELDS) if (field in rollout) expect(body[field], field).toEqual(rollout[field]);
    });
  }
}

describe.skipIf(!fixtures)('reference rollouts of calendar', () => {
  if (fixtures) checkRollouts(`${fixtures}example.jsonl`, `${fixtures}example_rollouts.jsonl`);
});

describe('own example rollouts in data/', () => {
  checkRollouts(`${dataDir}example.jsonl`, `${dataDir}example_rollouts.jsonl`);
});
