/**
 * Test helpers: example rows, and the test environment of `fixtures/gym_root`
 * (a model, a resources server and an agent) served in-process on real ports.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ServerClient } from '@gym/client';
import { buildServer, type GymApp } from '@gym/server';
import { server as echoCheck } from './fixtures/gym_root/resources_servers/echo_check/app.ts';
import { server as tinyAgent } from './fixtures/gym_root/responses_api_agents/tiny_agent/app.ts';
import { server as tinyModel } from './fixtures/gym_root/responses_api_models/tiny_model/app.ts';

export const FIXTURE_ROOT = fileURLToPath(new URL('./fixtures/gym_root/', import.meta.url));
export const TINY_CONFIG = path.join(FIXTURE_ROOT, 'configs/tiny.yaml');

type Row = Record<string, unknown>;

export const question = (q: string, expected: string, extra: Row = {}): Row => ({
  responses_create_params: { input: [{ role: 'user', content: q }] },
  expected_answer: expected,
  ...extra,
});

export interface InProcessEnvironment {
  tree: Record<string, Row>;
  client: ServerClient;
  apps: Record<'model' | 'resources' | 'agent', GymApp>;
  close(): Promise<void>;
}

/** The three test servers on 127.0.0.1 (ephemeral ports), wired by a hand-built config tree. */
export async function startInProcessEnvironment(
  opts: { delayMs?: number; rewardForMatch?: number; resources?: Parameters<typeof buildServer>[0] } = {},
): Promise<InProcessEnvironment> {
  const inner = {
    model: { host: '127.0.0.1', port: 0 } as Row,
    resources: { host: '127.0.0.1', port: 0, domain: 'other', reward_for_match: opts.rewardForMatch ?? 1 } as Row,
    agent: {
      host: '127.0.0.1',
      port: 0,
      delay_ms: opts.delayMs ?? 0,
      resources_server: { type: 'resources_servers', name: 'echo_check' },
      model_server: { type: 'responses_api_models', name: 'policy_model' },
    } as Row,
  };
  const tree: Record<string, Row> = {
    policy_model: { responses_api_models: { tiny_model: inner.model } },
    echo_check: { resources_servers: { echo_check: inner.resources } },
    tiny_agent: { responses_api_agents: { tiny_agent: inner.agent } },
  };
  const client = new ServerClient(tree);
  const build = async (def: Parameters<typeof buildServer>[0], name: string, config: Row) => {
    const { app } = await buildServer(def, { instanceName: name, config, globalConfig: tree, client, docs: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    config.port = (app.server.address() as { port: number }).port;
    return app;
  };
  const apps = {
    model: await build(tinyModel as never, 'policy_model', inner.model),
    resources: await build((opts.resources ?? echoCheck) as never, 'echo_check', inner.resources),
    agent: await build(tinyAgent as never, 'tiny_agent', inner.agent),
  };
  return { tree, client, apps, close: async () => void (await Promise.all(Object.values(apps).map((a) => a.close()))) };
}
