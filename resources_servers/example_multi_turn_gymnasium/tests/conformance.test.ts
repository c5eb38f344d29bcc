/**
 * Replays the reference recordings (and this folder's own example rollouts)
 * through the running environment: reset with the joined row, one step per
 * recorded model turn. Each follow-up must come back as the recorded
 * observation, and the final step must give the recorded reward.
 */
import { describe, expect, it } from 'vitest';
import { fixturesDir, joinRolloutsToRows, listenForSuite, readJsonl, replayEpisode } from '@gym/testing';
import { server } from '../app.ts';

const fixtures = fixturesDir('servers/example_multi_turn_gymnasium/');
const dataDir = new URL('../data/', import.meta.url).pathname;

const running = listenForSuite(server, 'example_multi_turn_gymnasium');

function checkEpisodes(rowsPath: string, rolloutsPath: string) {
  const pairs = joinRolloutsToRows(readJsonl(rowsPath), readJsonl(rolloutsPath));
  it('joins every rollout line to an example row', () => expect(pairs).toHaveLength(5));
  for (const { row, rollout, line } of pairs) {
    it(`line ${line}: the scripted user and the final grade match the recording (reward ${rollout.reward})`, async () => {
      const { reset, steps } = await replayEpisode(running(), row, rollout);
      expect(reset).toEqual({ observation: null, info: {} });
      const last = steps[steps.length - 1];
      for (const step of steps.slice(0, -1)) {
        expect(step.reply).toEqual({ observation: step.observation, reward: 0, terminated: false, truncated: false, info: {} });
      }
      expect(last.observation).toBeUndefined();
      expect(last.reply).toEqual({ observation: null, reward: rollout.reward, terminated: rollout.terminated, truncated: rollout.truncated, info: rollout.info });
      expect(steps.reduce((sum, s) => sum + s.reply.reward, 0)).toBe(rollout.reward);
    });
  }
}

describe.skipIf(!fixtures)('reference rollouts of example_multi_turn_gymnasium', () => {
  if (fixtures) checkEpisodes(`${fixtures}example.jsonl`, `${fixtures}example_rollouts.jsonl`);
});

describe('own example rollouts in data/', () => {
  checkEpisodes(`${dataDir}example.jsonl`, `${dataDir}example_rollouts.jsonl`);
});
