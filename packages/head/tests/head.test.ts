import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createHeadServer, type ServerInstanceInfo } from '../src/index.ts';

const tree = {
  policy_api_key: 'sk-secret-value',
  head_server: { host: '127.0.0.1', port: 11000 },
  policy_model: { responses_api_models: { replay_model: { entrypoint: 'app.ts', port: 12000 } } },
};
const row: ServerInstanceInfo = {
  process_name: 'policy_model', server_type: 'responses_api_models', name: 'replay_model', dir_path: '/x', entrypoint: 'app.ts',
  host: '127.0.0.1', port: 12000, url: 'http://127.0.0.1:12000', pid: 42, config_path: 'policy_model', start_time: 1, status: 'ready',
};

describe('head server', async () => {
  const app = await createHeadServer({ tree, instances: () => [row] });

  it('answers the health route', async () => {
    expect((await app.inject({ url: '/' })).json()).toEqual({ status: 'ok' });
  });

  it('serves the config as YAML inside a JSON string, secrets masked', async () => {
    const res = await app.inject({ url: '/global_config_dict_yaml' });
    const parsed = parseYaml(res.json() as string);
    expect(parsed.policy_api_key).toBe('****');
    expect(parsed.policy_model.responses_api_models.replay_model.port).toBe(12000);
    expect(res.body).not.toContain('sk-secret-value');
  });

  it('never gives secrets when no auth token is configured, even when asked', async () => {
    const res = await app.inject({ url: '/global_config_dict?include_secrets=true' });
    expect(res.json().policy_api_key).toBe('****');
  });

  it('lists the server instances', async () => {
    expect((await app.inject({ url: '/server_instances' })).json()).toEqual([row]);
  });

  it('requires the auth token on every route but the health route when one is configured, and gives secrets only with it', async () => {
    const guarded = await createHeadServer({ tree: { ...tree, auth_token: 'tok' }, instances: () => [] });
    expect((await guarded.inject({ url: '/' })).statusCode).toBe(200);
    for (const url of ['/global_config_dict?include_secrets=true', '/global_config_dict_yaml', '/server_instances']) {
      const denied = await guarded.inject({ url, headers: { authorization: 'Bearer wrong' } });
      expect(denied.statusCode).toBe(401);
      expect(denied.json().detail).toMatch(/bearer token/);
    }
    const masked = await guarded.inject({ url: '/global_config_dict', headers: { authorization: 'Bearer tok' } });
    expect(masked.json().policy_api_key).toBe('****');
    expect(masked.json().auth_token).toBe('****');
    const ok = await guarded.inject({ url: '/global_config_dict?include_secrets=true', headers: { authorization: 'Bearer tok' } });
    expect(ok.json().policy_api_key).toBe('sk-secret-value');
  });
});
