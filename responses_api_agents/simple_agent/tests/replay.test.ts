/**
 * Replays the recorded reference rollouts of the tool-calling servers
 * through /run: the model answers each turn with the recorded items, and
 * the agent must produce the recorded `response.output` (same items, same
 * order, tool outputs paired with their calls), send each tool its recorded
 * arguments, and show the model the same history the reference did.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fixturesDir, joinRolloutsToRows, postJson, readJsonl, scriptedModel, Topology } from '@gym/testing';
import { defineResourcesServer, userMessage } from '@gym/server';
import { server as simpleAgent } from '../app.ts';

type Item = Record<string, unknown>;
type Row = Record<string, unknown>;

const SERVERS = ['example_single_tool_call', 'example_multi_step', 'example_session_state_mgmt', 'xlam_fc', 'example_tool_call_multireward'];
/** These rollouts depend on the real 404 body for tools that do not exist. */
const REAL_NOT_FOUND = new Set(['xlam_fc']);

/** Model turns of a recorded output: each run of items up to the tool outputs that answer it. */
function modelTurns(output: Item[]): Item[][] {
  const turns: Item[][] = [];
  let current: Item[] | undefined;
  for (const item of output) {
    if (item.type === 'function_call_output') {
      current = undefined;
      continue;
    }
    if (!current) turns.push((current = []));
    current.push(item);
  }
  return turns;
}

/** The reference dumps unset `id`/`status` of tool outputs as null; the wire items are otherwise the same. */
const normalise = (items: Item[]) =>
  items.map((item) => (item.type === 'function_call_output' ? Object.fromEntries(Object.entries(item).filter(([, v]) => v !== null)) : item));

function replayResources(toolOutputs: string[] | undefined, reward: number) {
  let next = 0;
  return defineResourcesServer({
    className: 'ReplayResources',
    verify: () => ({ reward }),
    setup(app) {
      if (!toolOutputs) return;
      app.post('/:tool', async (_request, reply) => reply.type('application/json').send(toolOutputs[next++]));
    },
  });
}

let topo: Topology;
afterEach(() => topo?.close());

const dir = fixturesDir('servers/');
const cases = dir
  ? SERVERS.flatMap((server) =>
      joinRolloutsToRows(readJsonl(`${dir}${server}/example.jsonl`), readJsonl(`${dir}${server}/example_rollouts.jsonl`)).map(
        ({ row, rollout, line }) => ({ name: `${server} rollout ${line}`, server, row, rollout }),
      ),
    )
  : [];

describe.skipIf(!dir)('simple_agent replays the reference rollouts', () => {
  it.each(cases)('$name', async ({ server, row, rollout }) => {
    const recorded = normalise((rollout.response as { output: Item[] }).output);
    const turns = modelTurns(recorded);
    const toolOutputs = recorded.filter((i) => i.type === 'function_call_output').map((i) => String(i.output));
    const calls = recorded.filter((i) => i.type === 'function_call');

    topo = new Topology();
    await topo.start('policy_model', scriptedModel((_b, n) => ({ output: turns[n - 1] })));
    await topo.start('res', replayResources(REAL_NOT_FOUND.has(server) ? undefined : toolOutputs, Number(rollout.reward)));
    await topo.start('agent', simpleAgent, { resources_server: { type: 'resources_servers', name: 'res' } });

    const res = await postJson(topo.client, 'agent', '/run', row);
    expect(res.status).toBe(200);
    expect(res.body.reward).toBe(rollout.reward);
    expect(res.body.response.output).toEqual(recorded);

    const toolHops = topo.hopsTo('res').filter((h) => !['/seed_session', '/verify'].includes(h.path));
    expect(toolHops.map((h) => [h.path, h.body])).toEqual(calls.map((c) => [`/${c.name}`, JSON.parse(String(c.arguments))]));

    const params = row.responses_create_params as Row;
    const input = typeof params.input === 'string' ? [userMessage(params.input)] : (params.input as Item[]);
    const modelHops = topo.hopsTo('policy_model');
    expect(modelHops).toHaveLength(turns.length);
    const turnStarts = turns.map((turn) => recorded.indexOf(turn[0]));
    modelHops.forEach((hop, k) => expect((hop.body as { input: Item[] }).input).toEqual([...input, ...recorded.slice(0, turnStarts[k])]));
  });
});
