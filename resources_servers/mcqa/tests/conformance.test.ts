/**
 * Re-verifies recorded rollouts against the running server over HTTP: both
 * reference recordings (plain rows and rows with template metadata) and this
 * folder's own example rollouts. Each rollout is joined to its example row;
 * the verify request is the row plus the recorded response.
 */
import { describe } from 'vitest';
import { fixturesDir, itVerifiesRecordedRollouts, listenForSuite } from '@gym/testing';
import { server } from '../app.ts';

const fixtures = fixturesDir('servers/mcqa/');
const dataDir = new URL('../data/', import.meta.url).pathname;

/**
 * example_rollouts.jsonl line 3 was recorded by an older verifier (reward 0,
 * extracted null). Its box reads "\boxed{\nC: An individual…\n}", which the
 * current label rule reads as C, the gold letter.
 */
const KNOWN_STALE: Record<number, Record<string, unknown>> = { 3: { reward: 1.0, extracted_answer: 'C' } };

const running = listenForSuite(server, 'mcqa');
const checkRollouts = (rowsPath: string, rolloutsPath: string, stale?: Record<number, Record<string, unknown>>) =>
  itVerifiesRecordedRollouts(running, { rowsPath, rolloutsPath, count: 5, fields: ['expected_answer', 'extracted_answer'], stale });

describe.skipIf(!fixtures)('reference rollouts of mcqa', () => {
  if (!fixtures) return;
  describe('example_rollouts.jsonl', () => checkRollouts(`${fixtures}example.jsonl`, `${fixtures}example_rollouts.jsonl`, KNOWN_STALE));
  describe('example_rollouts_with_template_metadata.jsonl', () =>
    checkRollouts(`${fixtures}example_with_template_metadata.jsonl`, `${fixtures}example_rollouts_with_template_metadata.jsonl`));
});

describe('own example rollouts in data/', () => {
  checkRollouts(`${dataDir}example.jsonl`, `${dataDir}example_rollouts.jsonl`);
});
