/**
 * Re-verifies the reference recordings (and this folder's own example
 * rollouts) against the running server: each rollout is joined to its
 * example row, its tool calls are replayed, and the recorded reward must
 * come back.
 */
import { describe } from 'vitest';
import { fixturesDir, itReplaysRecordedRollouts, itStampsRecordedRollouts, listenForSuite } from '@gym/testing';
import { server } from '../app.ts';

const fixtures = fixturesDir('servers/example_multi_step/');
const dataDir = new URL('../data/', import.meta.url).pathname;

const running = listenForSuite(server, 'example_multi_step_resources_server');

describe.skipIf(!fixtures)('reference rollouts of example_multi_step', () => {
  if (fixtures) itReplaysRecordedRollouts(running, { rowsPath: `${fixtures}example.jsonl`, rolloutsPath: `${fixtures}example_rollouts.jsonl`, count: 5 });
});

describe('own example rollouts in data/', () => {
  itReplaysRecordedRollouts(running, { rowsPath: `${dataDir}example.jsonl`, rolloutsPath: `${dataDir}example_rollouts.jsonl`, count: 5 });
  itStampsRecordedRollouts(`${dataDir}example_rollouts.jsonl`, 'example_multi_step_simple_agent');
});
