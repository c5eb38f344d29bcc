/**
 * describeVerifyConformance on a small stateless verifier with its own data
 * folder (written here): the suites it declares run against the live server.
 * The reference suite is skipped, as for any server without shared fixtures.
 * A recording with a stale line checks that the corrected values are the
 * ones expected.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import { verifyRequestWith } from '@gym/schemas';
import { defineResourcesServer } from '@gym/server';
import { describe } from 'vitest';
import { describeVerifyConformance, itVerifiesRecordedRollouts, listenForSuite } from '../src/index.ts';

const doubler = defineResourcesServer({
  className: 'Doubler',
  verifyRequest: verifyRequestWith({ x: Type.Number() }),
  verify: (body) => ({ reward: body.x * 2, doubled: [body.x, body.x] }),
});

const dataDir = `${mkdtempSync(path.join(tmpdir(), 'gym-conformance-'))}/`;
const rows = [1, 2, 3].map((x) => ({ responses_create_params: { input: `double ${x}` }, x }));
const rollouts = rows.map((row, i) => ({ ...row, _ng_task_index: i, response: { id: `r${i}`, output: [] }, reward: row.x * 2, doubled: [row.x, row.x] }));
writeFileSync(`${dataDir}example.jsonl`, rows.map((r) => JSON.stringify(r)).join('\n'));
writeFileSync(`${dataDir}example_rollouts.jsonl`, rollouts.map((r) => JSON.stringify(r)).join('\n'));

describeVerifyConformance({ name: 'doubler_without_reference_fixtures', server: doubler, instanceName: 'doubler', dataDir, count: 3, fields: ['doubled', 'not_recorded'] });

describe('a recording with a stale line', () => {
  // Line 2 as an older doubler would have recorded it; the correction is what the server answers now.
  const staleRollouts = rollouts.map((r, i) => (i === 1 ? { ...r, reward: 0, doubled: [] } : r));
  writeFileSync(`${dataDir}stale_rollouts.jsonl`, staleRollouts.map((r) => JSON.stringify(r)).join('\n'));
  const running = listenForSuite(doubler, 'doubler');
  itVerifiesRecordedRollouts(running, {
    rowsPath: `${dataDir}example.jsonl`,
    rolloutsPath: `${dataDir}stale_rollouts.jsonl`,
    count: 3,
    fields: ['doubled'],
    stale: { 2: { reward: 4, doubled: [2, 2] } },
  });
});
