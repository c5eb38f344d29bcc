import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESERVED_KEYS } from '../src/index.ts';
import { errorFrom, load, makeRoot } from './helpers.ts';

describe('loadGlobalConfig pipeline', () => {
  it('replaces lists across files and keeps a value that a later file marks ???', async () => {
    const root = makeRoot({
      'one.yaml': 'tags: [a, b, c]\nkey: real\nblock: {x: 1}\n',
      'two.yaml': 'tags: [z]\nkey: ???\nblock: ???\n',
    });
    const { tree } = await load(root, { argv: ['+config_paths=[one.yaml,two.yaml]'] });
    expect(tree).toMatchObject({ tags: ['z'], key: 'real', block: { x: 1 } });
  });

  it('reports every unset ??? value in one error', async () => {
    const root = makeRoot({ 'c.yaml': 'judge:\n  api_key: ???\n  urls: [ok, ???]\nmodel: ???\nfine: 1\n' });
    const error = await errorFrom(load(root, { argv: ['+config_paths=[c.yaml]'] }));
    expect(error.code).toBe('GYM_CONFIG_MISSING_VALUES');
    expect(error.message).toContain("3 required config value(s) are unset (still '???') after merging:");
    expect(error.message).toContain('  - judge.api_key\n  - judge.urls[1]\n  - model');
    expect(error.message).toContain('  ++judge.api_key=<value>\n  ++judge.urls[1]=<value>\n  ++model=<value>');
  });

  it('names two unset values together, and ignores ??? in branches a directive removed', async () => {
    const root = makeRoot({
      'c.yaml': 'a: ???\nb: ???\ngeneric: {secret: ???, kept: 1}\n',
    });
    const error = await errorFrom(load(root, { argv: ['+config_paths=[c.yaml]', '++generic={_delete_key: secret}'] }));
    expect(error.message).toContain('2 required config value(s)');
    expect(error.message).toContain('  - a\n  - b');
    expect(error.message).not.toContain('generic');
  });

  it('applies directives from files: inherit_from moves, copy keeps, _delete_key removes', async () => {
    const root = makeRoot({
      'c.yaml': [
        'generic: {model: m, temperature: 0, extra: 1}',
        'keeper: {value: 1}',
        'moved: ${inherit_from:generic}',
        'copied: {_copy: keeper, more: 2}',
        'trimmed: {_copy: moved, _delete_key: extra}',
        '',
      ].join('\n'),
    });
    const { tree } = await load(root, { argv: ['+config_paths=[c.yaml]'] });
    expect(tree.generic).toBeUndefined();
    expect(tree.moved).toEqual({ model: 'm', temperature: 0, extra: 1 });
    expect(tree.keeper).toEqual({ value: 1 });
    expect(tree.copied).toEqual({ value: 1, more: 2 });
    expect(tree.trimmed).toEqual({ model: 'm', temperature: 0 });
  });

  it('writes defaults on an empty config', async () => {
    const root = makeRoot();
    const { tree, instances } = await load(root, { skipPortAssignment: false });
    expect(instances).toEqual([]);
    expect(tree.head_server).toEqual({ host: '127.0.0.1', port: 11000 });
    expect(tree.disallowed_ports).toEqual([11000]);
    expect(tree).toMatchObject({ default_host: '127.0.0.1', port_range_low: 10001, port_range_high: 20000 });
    expect(tree.results_dir).toBe(path.join(root, 'results'));
  });

  it('fills only the missing half of head_server and keeps a configured default_host', async () => {
    const root = makeRoot();
    const { tree } = await load(root, { argv: ['++head_server.port=12000', '++default_host=0.0.0.0'] });
    expect(tree.head_server).toEqual({ host: '0.0.0.0', port: 12000 });
    expect(tree.disallowed_ports).toEqual([12000]);
  });

  it('resolves interpolations over the whole tree, including defaults and the caller env', async () => {
    const root = makeRoot({
      'c.yaml': [
        'policy_base_url: http://policy/v1',
        'head_url: http://${head_server.host}:${head_server.port}',
        'judge: {url: "${oc.select:judge_base_url,${policy_base_url}}", key: "${oc.env:GYM_TEST_KEY}"}',
        'results: ${results_dir}',
        '',
      ].join('\n'),
    });
    const { tree } = await load(root, { argv: ['+config_paths=[c.yaml]'], env: { GYM_TEST_KEY: 'k-1' } });
    expect(tree.head_url).toBe('http://127.0.0.1:11000');
    expect(tree.judge).toEqual({ url: 'http://policy/v1', key: 'k-1' });
    expect(tree.results).toBe(path.join(root, 'results'));
  });

  it('fails with the interpolation message for a missing key', async () => {
    const root = makeRoot({ 'c.yaml': 'm: {base_url: "${policy_base_url}"}\n' });
    const error = await errorFrom(load(root, { argv: ['+config_paths=[c.yaml]'] }));
    expect(error.message).toContain("Config value 'm.base_url' references 'policy_base_url'");
  });

  it('checks settings after resolving them', async () => {
    const root = makeRoot();
    const ok = await load(root, { argv: ['++port_range_low=${oc.env:LOW}'], env: { LOW: '15000' } });
    expect(ok.tree.port_range_low).toBe(15000);
    const bad = await errorFrom(load(root, { argv: ['++port_range_low=abc'] }));
    expect(bad.code).toBe('GYM_CONFIG_INVALID_VALUE');
    expect(bad.message).toContain("'port_range_low' must be an integer between 1 and 65535");
  });

  it('warns that ray_head_node_address is ignored', async () => {
    const root = makeRoot();
    const { warnings, tree } = await load(root, { argv: ['++ray_head_node_address=10.0.0.1:6379'] });
    expect(warnings.join('\n')).toContain('Gym does not use Ray');
    expect(tree.ray_head_node_address).toBe('10.0.0.1:6379');
  });

  it('exports the reserved key list', () => {
    for (const key of ['head_server', 'config_paths', 'policy_api_key', 'ray_head_node_address', 'skip_verification']) {
      expect(RESERVED_KEYS).toContain(key);
    }
    expect(RESERVED_KEYS).not.toContain('policy_model');
  });
});
