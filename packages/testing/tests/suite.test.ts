/** fakeUpstreamForSuite and serverPerTest: what each test sees, and what is reset or closed between tests. */
import { describe, expect, it } from 'vitest';
import { defineModelServer, type GymApp } from '@gym/server';
import { fakeUpstreamForSuite, serverPerTest } from '../src/index.ts';

const echoModel = defineModelServer<{ model_name?: string; upstream?: string }>({
  className: 'EchoConfigModel',
  responses: (_body, ctx) => ({ model: ctx.config.model_name, upstream: ctx.config.upstream }) as never,
});

const fake = fakeUpstreamForSuite({ model: 'suite-model' });
const model = serverPerTest(echoModel, 'policy_model', () => ({ model_name: 'base', upstream: fake().baseUrl }));

let listened: GymApp | undefined;
let port = 0;

describe('in order', () => {
  it('gives each test the running upstream and the server built from the base config under the overrides', async () => {
    const models = await (await fetch(`${fake().baseUrl}/models`)).json();
    expect(models.data[0].id).toBe('suite-model');
    expect(fake().requests).toHaveLength(1);

    const base = await model();
    expect((await base.inject({ method: 'POST', url: '/v1/responses', payload: { input: 'x' } })).json()).toEqual({ model: 'base', upstream: fake().baseUrl });
    listened = await model({ model_name: 'override' });
    expect((await listened.inject({ method: 'POST', url: '/v1/responses', payload: { input: 'x' } })).json().model).toBe('override');
    await listened.listen({ host: '127.0.0.1', port: 0 });
    port = (listened.server.address() as { port: number }).port;
  });

  it('forgets the previous test\'s upstream requests and has closed its servers', async () => {
    expect(fake().requests).toHaveLength(0);
    expect(listened?.server.listening).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });
});
