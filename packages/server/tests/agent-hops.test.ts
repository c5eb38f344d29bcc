/**
 * Agent hop helpers against real servers on 127.0.0.1: the 2xx rule and
 * the 500 it turns into, cookie threading, model and verify reply checks,
 * and the aggregate-metrics proxy.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { ServerClient } from '@gym/client';
import {
  buildServer,
  callModel,
  defineAgentServer,
  defineModelServer,
  defineResourcesServer,
  hopName,
  InnerServerError,
  nextHopCookies,
  parseModelResponse,
  parseVerifyResponse,
  postHop,
  proxyAggregateMetrics,
  tool,
  type GymApp,
  type ServerDefinition,
} from '../src/index.ts';

const tree: Record<string, unknown> = { server_client: { max_retries: 0 } };
const client = new ServerClient(tree);
const apps: GymApp[] = [];

async function start<C>(name: string, def: ServerDefinition<C>): Promise<void> {
  const { app } = await buildServer(def, { instanceName: name, globalConfig: tree, client, docs: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  apps.push(app);
  tree[name] = { [def.kind]: { impl: { host: '127.0.0.1', port: (app.server.address() as AddressInfo).port } } };
}

const modelReply = (text: string) => ({ id: 'resp_1', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] }] });

beforeAll(async () => {
  await start(
    'model',
    defineModelServer({
      className: 'EchoModel',
      responses(body, ctx) {
        ctx.reply.setCookie('model_turn', String(ctx.cookies.model_turn ? Number(ctx.cookies.model_turn) + 1 : 1), { path: '/' });
        const input = body.input;
        if (input === 'garbage') return { id: 'resp_bad', output: [{ type: 'function_call', name: 'f' }] } as never;
        return modelReply(typeof input === 'string' ? input : JSON.stringify(input));
      },
    }),
  );
  await start(
    'res',
    defineResourcesServer({
      className: 'Res',
      tools: {
        fail: tool(Type.Object({}), async () => {
          throw new Error('tool broke');
        }),
      },
      verify: () => ({ reward: 1 }),
      aggregateMetrics: (body) => ({ group_level_metrics: [], agent_metrics: { proxied: body.verify_responses.length }, key_metrics: {} }),
    }),
  );
});
afterAll(() => Promise.all(apps.map((app) => app.close())));

describe('postHop and requireOk', () => {
  it('names hops as role, instance, method and path', () => {
    expect(hopName('resources server', 'res', '/verify')).toBe("resources server 'res' POST /verify");
  });

  it('returns a 2xx reply and throws InnerServerError carrying the inner body otherwise', async () => {
    const ok = await postHop(client, 'resources server', 'res', '/seed_session', {});
    expect(ok.status).toBe(200);
    const err = await postHop(client, 'resources server', 'res', '/fail', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InnerServerError);
    expect((err as InnerServerError).message).toBe("resources server 'res' POST /fail returned HTTP 500");
    expect((err as InnerServerError).body).toBe('"Error(\\"tool broke\\")"');
  });

  it('becomes the reference 500 body when an agent handler lets it through', async () => {
    await start(
      'agent',
      defineAgentServer({
        className: 'HopAgent',
        responses: async () => parseModelResponse(JSON.stringify(modelReply('x'))),
        run: async () => (await postHop(client, 'resources server', 'res', '/fail', {})).json(),
      }),
    );
    const res = await client.post('agent', '/run', { responses_create_params: { input: 'q' } });
    expect(res.status).toBe(500);
    expect(res.json()).toBe('Hit an exception in HopAgent___agent calling an inner server: "Error(\\"tool broke\\")"');
  });
});

describe('nextHopCookies', () => {
  it('keeps earlier cookies and lets the newer hop win', () => {
    expect(nextHopCookies({ a: '1', b: '1' }, { b: '2', c: '3' })).toEqual({ a: '1', b: '2', c: '3' });
    expect(nextHopCookies({ a: '1' }, {})).toEqual({ a: '1' });
  });
});

describe('callModel', () => {
  it('returns the parsed Response and the model server cookies, sending the given ones', async () => {
    const first = await callModel(client, 'model', { input: 'hello' });
    expect(first.response.output[0]).toMatchObject({ content: [{ text: 'hello' }] });
    expect(first.cookies.model_turn).toBe('1');
    const second = await callModel(client, 'model', { input: 'again' }, first.cookies);
    expect(second.cookies.model_turn).toBe('2');
  });

  it('throws with the body when the model returns an invalid Response', async () => {
    await expect(callModel(client, 'model', { input: 'garbage' })).rejects.toThrow(/^Received an invalid response from model server: \{"id":"resp_bad"/);
  });

  it('throws InnerServerError when the model server answers non-2xx', async () => {
    await expect(callModel(client, 'model', { input: 'x', unknown_key: 1 } as never)).rejects.toBeInstanceOf(InnerServerError);
  });
});

describe('parseModelResponse and parseVerifyResponse', () => {
  it('accepts a Response whose function calls are complete', () => {
    const call = { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' };
    expect(parseModelResponse(JSON.stringify({ id: 'r', output: [call] })).output).toEqual([call]);
    expect(() => parseModelResponse(JSON.stringify({ id: 'r', output: [{ type: 'function_call', name: 'f' }] }))).toThrow(/invalid response/);
    expect(() => parseModelResponse('not json')).toThrow('Received an invalid response from model server: not json');
  });

  it('requires the verify reply to echo the request with a numeric reward', () => {
    const echoed = { responses_create_params: { input: 'q' }, response: { id: 'r', output: [] }, reward: 0.5, extra: true };
    expect(parseVerifyResponse(JSON.stringify(echoed), 'res')).toEqual(echoed);
    expect(() => parseVerifyResponse(JSON.stringify({ ...echoed, reward: 'high' }), 'res')).toThrow(/^Resources server 'res' answered \/verify with a body that is not a verify response/);
    expect(() => parseVerifyResponse('', 'res')).toThrow(/not a verify response/);
  });
});

describe('proxyAggregateMetrics', () => {
  it("returns the resources server's own metrics", async () => {
    expect(await proxyAggregateMetrics(client, 'res', { verify_responses: [{ reward: 1 }, { reward: 0 }] })).toEqual({
      group_level_metrics: [],
      agent_metrics: { proxied: 2 },
      key_metrics: {},
    });
  });
});
