/**
 * Replays the recorded reference rollouts of the gymnasium servers
 * (example_multi_turn_gymnasium, blackjack) through /run. The model answers
 * with the recorded assistant turns and the environment with the recorded
 * observations and final outcome; the agent must rebuild the recorded run
 * result: the input with the reset observation, the interleaved output, and
 * reward / terminated / truncated / info.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fixturesDir, joinRolloutsToRows, postJson, readJsonl, scriptedModel, Topology } from '@gym/testing';
import { defineResourcesServer } from '@gym/server';
import { server as gymnasiumAgent } from '../app.ts';

type Item = Record<string, unknown>;
type Row = Record<string, unknown>;

const SERVERS = ['example_multi_turn_gymnasium', 'blackjack'];

const isUserMessage = (item: Item) => item.type === 'message' && item.role === 'user';

/** Assistant turns of a recorded output, and the observation that followed each (null after the last). */
function splitEpisode(output: Item[]): { turns: Item[][]; observations: Array<string | null> } {
  const turns: Item[][] = [];
  const observations: Array<string | null> = [];
  let current: Item[] = [];
  for (const item of output) {
    if (isUserMessage(item)) {
      turns.push(current);
      observations.push(String(item.content));
      current = [];
    } else {
      current.push(item);
    }
  }
  turns.push(current);
  observations.push(null);
  return { turns, observations };
}

/** (role, content) of message items: the recorded input spells out `type: "message"`, the rows do not. */
const messages = (items: Item[]) => items.map((i) => [i.role, i.content]);

function replayEnvironment(resetObservation: string | null, observations: Array<string | null>, rollout: Row) {
  let step = 0;
  return defineResourcesServer({
    className: 'ReplayEnvironment',
    verify: () => ({ reward: 0 }),
    setup(app) {
      app.post('/reset', async () => ({ observation: resetObservation, info: {} }));
      app.post('/step', async () => {
        const last = step === observations.length - 1;
        const reply = last
          ? { observation: null, reward: rollout.reward, terminated: rollout.terminated, truncated: rollout.truncated, info: rollout.info }
          : { observation: observations[step], reward: 0.0, terminated: false, truncated: false, info: {} };
        step++;
        return reply;
      });
    },
  });
}

let topo: Topology;
afterEach(() => topo?.close());

const dir = fixturesDir('servers/');
const cases = dir
  ? SERVERS.flatMap((server) =>
      joinRolloutsToRows(readJsonl(`${dir}${server}/example.jsonl`), readJsonl(`${dir}${server}/example_rollouts.jsonl`)).map(({ row, rollout, line }) => ({
        name: `${server} rollout ${line}`,
        row,
        rollout,
      })),
    )
  : [];

describe.skipIf(!dir)('gymnasium_agent replays the reference rollouts', () => {
  it.each(cases)('$name', async ({ row, rollout }) => {
    const recordedParams = rollout.responses_create_params as { input: Item[] };
    const rowInput = (row.responses_create_params as { input: Item[] }).input;
    const resetObservation = recordedParams.input.length > rowInput.length ? String(recordedParams.input.at(-1)?.content) : null;
    const recordedOutput = (rollout.response as { output: Item[] }).output;
    const { turns, observations } = splitEpisode(recordedOutput);

    topo = new Topology();
    await topo.start('policy_model', scriptedModel((_b, n) => ({ output: turns[n - 1] })));
    await topo.start('env', replayEnvironment(resetObservation, observations, rollout));
    await topo.start('agent', gymnasiumAgent, { resources_server: { type: 'resources_servers', name: 'env' }, max_steps: 5 });

    const res = await postJson(topo.client, 'agent', '/run', row);
    expect(res.status).toBe(200);
    expect(res.body.response.output).toEqual(recordedOutput);
    expect(messages(res.body.responses_create_params.input)).toEqual(messages(recordedParams.input));
    expect(res.body.responses_create_params.input.slice(rowInput.length).every((i: Item) => i.type === 'message')).toBe(true);
    expect({ reward: res.body.reward, terminated: res.body.terminated, truncated: res.body.truncated, info: res.body.info }).toEqual({
      reward: rollout.reward,
      terminated: rollout.terminated,
      truncated: rollout.truncated,
      info: rollout.info,
    });
    const stepOutputs = topo.hopsTo('env').filter((h) => h.path === '/step').map((h) => (h.body as { response: { output: Item[] } }).response.output);
    expect(stepOutputs).toEqual(turns);
  });
});
