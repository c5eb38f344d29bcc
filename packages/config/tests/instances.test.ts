import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, findInstances, getInstanceConfig, noServerInstancesError } from '../src/index.ts';
import { errorFrom, load, makeRoot, resourcesServerYaml } from './helpers.ts';

const agentYaml = (name: string, body: string) =>
  `${name}:\n  responses_api_agents:\n    simple_agent:\n      entrypoint: app.ts\n${body}`;
const modelYaml = (name: string) => `${name}:\n  responses_api_models:\n    openai_model:\n      entrypoint: app.ts\n`;

describe('server instances', () => {
  it('finds instances by shape, in config order, with their folder', async () => {
    const root = makeRoot({
      'c.yaml': [
        modelYaml('policy_model'),
        resourcesServerYaml('math', 'math_env'),
        'plain_data: {a: 1}',
        'not_quite: {resources_servers: {x: {no_entrypoint: true}}}',
        'head_server: {responses_api_models: {m: {entrypoint: a.ts}}}',
        '',
      ].join('\n'),
    });
    const { instances } = await load(root, { argv: ['+config_paths=[c.yaml]'] });
    expect(instances.map((i) => [i.name, i.serverType, i.impl])).toEqual([
      ['policy_model', 'responses_api_models', 'openai_model'],
      ['math', 'resources_servers', 'math_env'],
    ]);
    expect(instances[1].dirPath).toBe(path.join(root, 'resources_servers', 'math_env'));
    expect(instances[1].entrypoint).toBe('app.ts');
    expect(instances[1].host).toBe('127.0.0.1');
  });

  it('raises on a resources server without a domain, after printing the almost-server banner', async () => {
    const root = makeRoot({ 'c.yaml': 'broken:\n  resources_servers:\n    env:\n      entrypoint: app.ts\n' });
    const loaded = load(root, { argv: ['+config_paths=[c.yaml]'] });
    const error = await errorFrom(loaded);
    expect(error.code).toBe('GYM_CONFIG_ALMOST_SERVER');
    expect(error.message).toContain(
      'Found 1 almost-server(s) with validation errors. Fix the issues above or set error_on_almost_servers=false to bypass this error.',
    );
    expect(error.message).toContain('A domain is required for resources servers.');
  });

  it('skips the almost-server with error_on_almost_servers=false, still printing the banner', async () => {
    const root = makeRoot({
      'c.yaml': `broken:\n  resources_servers:\n    env:\n      entrypoint: app.ts\n${resourcesServerYaml('good')}`,
    });
    const { instances, warnings } = await load(root, { argv: ['+config_paths=[c.yaml]', '++error_on_almost_servers=false'] });
    expect(instances.map((i) => i.name)).toEqual(['good']);
    const banner = warnings.join('\n');
    expect(banner).toContain("Almost-Server Detected: 'broken'");
    expect(banner).toContain('  - resources_servers -> env -> domain: A domain is required for resources servers.');
    expect(banner).toContain('This server will NOT be started.');
  });

  it('validates domains and datasets (license required for train/validation)', async () => {
    const root = makeRoot({
      'c.yaml': [
        'env:',
        '  resources_servers:',
        '    e:',
        '      entrypoint: app.ts',
        '      domain: cooking',
        '      datasets:',
        '        - {name: train_set, type: train, jsonl_fpath: t.jsonl}',
        '        - {name: ex, type: example, jsonl_fpath: e.jsonl, num_repeats: 0}',
        '        - {name: ok, type: validation, jsonl_fpath: v.jsonl, license: MIT}',
        '',
      ].join('\n'),
    });
    const { warnings } = await load(root, { argv: ['+config_paths=[c.yaml]', '++error_on_almost_servers=false'] });
    const banner = warnings.join('\n');
    expect(banner).toContain('domain: Must be one of: math, coding');
    expect(banner).toContain('datasets -> 0: A license is required for train_set');
    expect(banner).toContain('datasets -> 1 -> num_repeats: Input should be an integer >= 1');
    expect(banner).not.toContain('datasets -> 2');
  });

  it('treats a block with two implementations as an almost-server', async () => {
    const root = makeRoot({
      'c.yaml': 'm:\n  responses_api_models:\n    a: {entrypoint: app.ts}\n    b: {entrypoint: app.ts}\n',
    });
    const error = await errorFrom(load(root, { argv: ['+config_paths=[c.yaml]'] }));
    expect(error.message).toContain('Must hold exactly one implementation; found 2: a, b');
  });

  it('raises on a dangling ref with a "Did you mean" for the same type', async () => {
    const root = makeRoot({
      'c.yaml': [
        modelYaml('policy_model'),
        resourcesServerYaml('math_env'),
        agentYaml('agent', '      model_server: {type: responses_api_models, name: policy_modle}\n      resources_server: {type: resources_servers, name: math_env}'),
        '',
      ].join('\n'),
    });
    const error = await errorFrom(load(root, { argv: ['+config_paths=[c.yaml]'] }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe('GYM_CONFIG_BAD_REF');
    expect(error.message).toBe(
      "In server instance 'agent', field 'model_server' references responses_api_models/'policy_modle', " +
        "which is not defined in the merged config.\nDid you mean: 'policy_model'?",
    );
  });

  it('checks refs at any depth and reports them all at once, listing what is available', async () => {
    const root = makeRoot({
      'c.yaml': [
        resourcesServerYaml('math_env'),
        agentYaml(
          'agent',
          [
            '      model_server: {type: responses_api_models, name: policy_model}',
            '      tools:',
            '        - {name: calc, server: {type: resources_servers, name: zzz}}',
          ].join('\n'),
        ),
        '',
      ].join('\n'),
    });
    const error = await errorFrom(load(root, { argv: ['+config_paths=[c.yaml]'] }));
    expect(error.message).toContain("field 'model_server' references responses_api_models/'policy_model'");
    expect(error.message).toContain('Available responses_api_models: (none)');
    expect(error.message).toContain("field 'tools[0].server' references resources_servers/'zzz'");
    expect(error.message).toContain("Available resources_servers: 'math_env'");
  });

  it('copies top-level skip_verification into agents only, never overwriting', async () => {
    const root = makeRoot({
      'c.yaml': [
        resourcesServerYaml('math_env'),
        agentYaml('plain_agent', ''),
        agentYaml('explicit_agent', '      skip_verification: false'),
        '',
      ].join('\n'),
    });
    const { instances } = await load(root, { argv: ['+config_paths=[c.yaml]', '++skip_verification=true'] });
    const byName = Object.fromEntries(instances.map((i) => [i.name, i.config]));
    expect(byName.plain_agent.skip_verification).toBe(true);
    expect(byName.explicit_agent.skip_verification).toBe(false);
    expect(byName.math_env).not.toHaveProperty('skip_verification');
  });

  it('lets tools rebuild instances and inner configs from a loaded tree', async () => {
    const root = makeRoot({ 'c.yaml': `${resourcesServerYaml('math_env')}${modelYaml('policy_model')}` });
    const { tree } = await load(root, { argv: ['+config_paths=[c.yaml]', '++math_env.resources_servers.my_env.port=15123'] });
    const rebuilt = findInstances(tree, { repoRoot: root });
    expect(rebuilt.map((i) => [i.name, i.host, i.port])).toEqual([
      ['math_env', '127.0.0.1', 15123],
      ['policy_model', '127.0.0.1', -1],
    ]);
    expect(getInstanceConfig(tree, 'math_env').domain).toBe('math');
    const error = await errorFrom(() => getInstanceConfig(tree, 'math_evn'));
    expect(error.message).toContain("Did you mean: 'math_env'?");
  });

  it('offers the launcher a "nothing to run" error', () => {
    const error = noServerInstancesError();
    expect(error.code).toBe('GYM_CONFIG_NO_INSTANCES');
    expect(error.message).toMatch(/^No server instances are configured, so there is nothing to run\. /);
  });
});
