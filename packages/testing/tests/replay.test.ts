/** The replay helpers and the agent topology against real servers on 127.0.0.1. */
import { afterAll, describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { defineGymnasiumServer, defineResourcesServer, extractText, SessionStore, tool } from '@gym/server';
import { functionCall, listen, message, postJson, recordedTurns, replayEpisode, replayRollout, scriptedModel, Topology } from '../src/index.ts';

const counts = new SessionStore<number>();
const counter = defineResourcesServer({
  className: 'Counter',
  tools: {
    add: tool(Type.Object({ n: Type.Integer() }), async ({ n }, ctx) => {
      counts.set(ctx.sessionId, (counts.get(ctx.sessionId) ?? 0) + n);
      return { total: counts.get(ctx.sessionId) };
    }),
  },
  seedSession: (row, ctx) => void counts.set(ctx.sessionId, Number((row as Record<string, unknown>).start ?? 0)),
  verify: (_body, ctx) => ({ reward: counts.get(ctx.sessionId) ?? -1 }),
});

const echoEnv = defineGymnasiumServer({
  className: 'EchoEnv',
  metadata: Type.Object({}),
  reset: () => ({ observation: 'go', state: 0 }),
  step: (action, _m, turns = 0) =>
    turns + 1 < 2
      ? { observation: `you said ${extractText(action)}`, reward: 0, terminated: false, truncated: false, state: turns + 1 }
      : { observation: null, reward: 1, terminated: true, truncated: false, info: { turns: turns + 1 } },
});

const user = (content: string) => ({ type: 'message', role: 'user', content });

describe('recordedTurns', () => {
  it('splits a transcript at user observation messages', () => {
    const a = message('a');
    const b = message('b');
    const call = functionCall('f', '{}', 'c1');
    expect(recordedTurns([a, user('obs 1'), call, b, user('obs 2'), message('end')])).toEqual([
      { action: [a], observation: 'obs 1' },
      { action: [call, b], observation: 'obs 2' },
      { action: [message('end')], observation: undefined },
    ]);
    expect(recordedTurns([a, user('last')])).toEqual([{ action: [a], observation: 'last' }]);
  });
});

describe('replayRollout and replayEpisode', () => {
  it('seeds, replays every recorded call in one session, then verifies', async () => {
    const running = await listen(counter, 'counter');
    try {
      const output = [functionCall('add', '{"n": 2}', 'c1'), { type: 'function_call_output', call_id: 'c1', output: '{"total":12}' }, functionCall('add', '{"n": 3}', 'c2')];
      const { verify, tools } = await replayRollout(running, { responses_create_params: { input: 'x' }, start: 10 }, { response: { id: 'r', output } });
      expect(tools).toEqual([
        { name: 'add', recordedOutput: '{"total":12}', replayedOutput: '{"total":12}' },
        { name: 'add', recordedOutput: undefined, replayedOutput: '{"total":15}' },
      ]);
      expect(verify.reward).toBe(15);
    } finally {
      await running.close();
    }
  });

  it('resets, then steps once per recorded turn with the session cookie', async () => {
    const running = await listen(echoEnv, 'echo_env');
    try {
      const output = [message('one'), user('you said one'), message('two')];
      const { reset, steps } = await replayEpisode(running, { responses_create_params: { input: 'x' } }, { response: { id: 'r', output } });
      expect(reset).toEqual({ observation: 'go', info: {} });
      expect(steps.map((s) => s.reply)).toEqual([
        { observation: 'you said one', reward: 0, terminated: false, truncated: false, info: {} },
        { observation: null, reward: 1, terminated: true, truncated: false, info: { turns: 2 } },
      ]);
      expect(steps[0].observation).toBe(steps[0].reply.observation);
    } finally {
      await running.close();
    }
  });

  it('fails with the status and body when a hop is refused', async () => {
    const running = await listen(echoEnv, 'echo_env');
    try {
      await expect(replayEpisode(running, { not_a_row: true }, { response: { id: 'r', output: [] } })).rejects.toThrow(/^reset answered 422: /);
    } finally {
      await running.close();
    }
  });
});

describe('Topology', () => {
  const topo = new Topology();
  afterAll(() => topo.close());

  it('records every request each server receives, and the scripted model rotates its cookie per turn', async () => {
    await topo.start('policy_model', scriptedModel((body, turn) => ({ output: [message(`${turn}:${JSON.stringify(body.input)}`)] })));
    const first = await postJson(topo.client, 'policy_model', '/v1/responses', { input: 'hi' });
    expect(first.status).toBe(200);
    expect(first.body.output[0].content[0].text).toBe('1:"hi"');
    expect(first.cookies.model_turn).toBe('1');
    const second = await postJson(topo.client, 'policy_model', '/v1/responses', { input: 'again' }, first.cookies);
    expect(second.cookies.model_turn).toBe('2');
    expect(topo.hopsTo('policy_model').map((h) => [h.path, h.body, h.cookies.model_turn])).toEqual([
      ['/v1/responses', { input: 'hi' }, undefined],
      ['/v1/responses', { input: 'again' }, '1'],
    ]);
  });
});
