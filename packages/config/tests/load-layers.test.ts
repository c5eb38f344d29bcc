import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadGlobalConfig } from '../src/index.ts';
import { errorFrom, load, makeRoot, writeFile } from './helpers.ts';

describe('layer precedence', () => {
  it('files < env.yaml < initial < CLI', async () => {
    const root = makeRoot({
      'base.yaml': 'a: file\nb: file\nc: file\nd: file\n',
      'env.yaml': 'config_paths: [base.yaml]\nb: env\nc: env\nd: env\n',
    });
    const { tree } = await load(root, { initial: { c: 'initial', d: 'initial' }, argv: ['++d=cli'] });
    expect(tree).toMatchObject({ a: 'file', b: 'env', c: 'initial', d: 'cli' });
  });

  it('reads config_paths from env.yaml, and a CLI list replaces it', async () => {
    const root = makeRoot({ 'x.yaml': 'from: x\n', 'y.yaml': 'from: y\n', 'env.yaml': 'config_paths: [x.yaml]\n' });
    expect((await load(root)).tree.from).toBe('x');
    const replaced = await load(root, { argv: ['+config_paths=[y.yaml]'] });
    expect(replaced.tree.from).toBe('y');
    expect(replaced.tree.config_paths).toEqual(['y.yaml']);
  });

  it('ignores env.yaml when asked', async () => {
    const root = makeRoot({ 'env.yaml': 'k: env\n' });
    expect((await load(root, { skipEnvYaml: true })).tree.k).toBeUndefined();
    expect((await load(root)).envYamlPath).toBe(path.join(root, 'env.yaml'));
  });

  it('seeds empty policy placeholders (and a placeholder policy_model) below everything in model-free runs', async () => {
    const root = makeRoot({ 'env.yaml': 'policy_model_name: from-env\n' });
    const { tree, instances } = await load(root, { modelFree: true });
    expect(tree).toMatchObject({ policy_base_url: '', policy_api_key: '', policy_model_name: 'from-env' });
    expect(instances.map((i) => `${i.name}/${i.impl}`)).toEqual(['policy_model/dummy_model']);
  });

  it('drops the placeholder model when a real one is configured', async () => {
    const root = makeRoot({
      'model.yaml': 'policy_model:\n  responses_api_models:\n    openai_model:\n      entrypoint: app.ts\n      model: ${policy_model_name}\n',
    });
    const { tree, instances } = await load(root, { modelFree: true, argv: ['+config_paths=[model.yaml]'] });
    expect(Object.keys((tree.policy_model as { responses_api_models: object }).responses_api_models)).toEqual(['openai_model']);
    expect(instances[0].config.model).toBe('');
  });
});

describe('config_paths includes', () => {
  // a includes a1 (which includes a1x) and a2; b is a later sibling of a.
  const files = {
    'a.yaml': 'config_paths: [a1.yaml, a2.yaml]\nwho: a\nonly_a: a\n',
    'a1.yaml': 'config_paths: [a1x.yaml]\nwho: a1\nonly_a1: a1\nshared_a: a1\n',
    'a1x.yaml': 'who: a1x\nonly_a1x: a1x\nshared_a1: a1x\n',
    'a2.yaml': 'who: a2\nshared_a: a2\n',
    'b.yaml': 'config_paths: [b1.yaml]\nwho: b\n',
    'b1.yaml': 'who: b1\nonly_a: b1\n',
  };

  it('merges post-order: an including file beats its includes; a later sibling subtree beats an earlier one', async () => {
    const root = makeRoot(files);
    const { tree } = await load(root, { argv: ['+config_paths=[a.yaml,b.yaml]'] });
    expect(tree.who).toBe('b');
    // b1 is in b's subtree, which comes after all of a's.
    expect(tree.only_a).toBe('b1');
    expect(tree.only_a1).toBe('a1');
    // a1 beats what it includes; a2 (a later sibling of a1) beats a1.
    expect(tree.shared_a1).toBe('a1x');
    expect(tree.shared_a).toBe('a2');
  });

  it('lists every discovered file, breadth-first, in the final config_paths', async () => {
    const root = makeRoot(files);
    const loaded = await load(root, { argv: ['+config_paths=[a.yaml,b.yaml]'] });
    expect(loaded.tree.config_paths).toEqual(['a.yaml', 'b.yaml', 'a1.yaml', 'a2.yaml', 'b1.yaml', 'a1x.yaml']);
    expect(loaded.configPaths).toEqual(['a.yaml', 'b.yaml', 'a1.yaml', 'a2.yaml', 'b1.yaml', 'a1x.yaml'].map((f) => path.join(root, f)));
  });

  it('de-duplicates includes by exact string and warns', async () => {
    const root = makeRoot({ 'a.yaml': 'config_paths: [c.yaml]\n', 'b.yaml': 'config_paths: [c.yaml]\n', 'c.yaml': 'c: 1\n' });
    const loaded = await load(root, { argv: ['+config_paths=[a.yaml,b.yaml]'] });
    expect(loaded.tree.config_paths).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
    expect(loaded.warnings.join('\n')).toContain('Duplicate config paths:\n- c.yaml');
  });

  it('searches searchDirs and NEMO_GYM_EXTRA_ROOTS before cwd, then the repository root', async () => {
    const repo = makeRoot({ 'shared/only-in-repo.yaml': 'from: repo\n', 'pick.yaml': 'from: repo\n' });
    const cwd = makeRoot({ 'pick.yaml': 'from: cwd\n' });
    const extra = makeRoot({ 'pick.yaml': 'from: extra\n' });
    const search = makeRoot({ 'pick.yaml': 'from: search\n' });
    const run = (opts: { searchDirs?: string[]; extra?: string }, entry: string) =>
      loadGlobalConfig({
        cwd,
        skipEnvYaml: true,
        skipPortAssignment: true,
        searchDirs: opts.searchDirs,
        env: { GYM_ROOT: repo, ...(opts.extra ? { NEMO_GYM_EXTRA_ROOTS: opts.extra } : {}) },
        argv: [`+config_paths=[${entry}]`],
      });
    expect((await run({}, 'pick.yaml')).tree.from).toBe('cwd');
    expect((await run({ extra: `/nonexistent${path.delimiter}${extra}` }, 'pick.yaml')).tree.from).toBe('extra');
    expect((await run({ searchDirs: [search], extra }, 'pick.yaml')).tree.from).toBe('search');
    expect((await run({}, 'shared/only-in-repo.yaml')).tree.from).toBe('repo');
  });

  it('explains a missing file and lists where it looked', async () => {
    const root = makeRoot();
    const error = await errorFrom(load(root, { argv: ['+config_paths=[nope.yaml]'] }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe('GYM_CONFIG_FILE_NOT_FOUND');
    expect(error.message).toContain("config_paths entry 'nope.yaml' was not found. Looked in:");
    expect(error.message).toContain(`  - ${path.join(root, 'nope.yaml')}`);
  });

  it('reports malformed YAML with file, line and column', async () => {
    const root = makeRoot({ 'bad.yaml': 'ok: 1\nlist: [1, 2\nnext: 3\n' });
    const error = await errorFrom(load(root, { argv: ['+config_paths=[bad.yaml]'] }));
    expect(error.code).toBe('GYM_CONFIG_YAML');
    expect(error.message).toMatch(new RegExp(`^Malformed YAML in '${path.join(root, 'bad.yaml')}' at line \\d+, column \\d+: \\S`));
  });

  it('reports duplicate YAML keys as malformed', async () => {
    const root = makeRoot({ 'dup.yaml': 'a: 1\na: 2\n' });
    const error = await errorFrom(load(root, { argv: ['+config_paths=[dup.yaml]'] }));
    expect(error.message).toContain('at line 2, column 1');
  });

  it('requires config_paths to be a list of strings, from any layer', async () => {
    const root = makeRoot({ 'env.yaml': 'config_paths: just-one.yaml\n', 'nested.yaml': 'config_paths: {a: 1}\n' });
    const fromEnv = await errorFrom(load(root));
    expect(fromEnv.code).toBe('GYM_CONFIG_BAD_CONFIG_PATHS');
    expect(fromEnv.message).toContain(`'config_paths' must be a list of paths. Got: "just-one.yaml"`);
    const fromFile = await errorFrom(load(root, { skipEnvYaml: true, argv: ['+config_paths=[nested.yaml]'] }));
    expect(fromFile.message).toContain(`(in '${path.join(root, 'nested.yaml')}')`);
  });

  it('rejects a file whose top level is not a mapping', async () => {
    const root = makeRoot({ 'list.yaml': '- a\n- b\n' });
    const error = await errorFrom(load(root, { argv: ['+config_paths=[list.yaml]'] }));
    expect(error.code).toBe('GYM_CONFIG_NOT_A_MAPPING');
  });

  it('accepts absolute paths', async () => {
    const root = makeRoot();
    const file = writeFile(makeRoot(), 'abs.yaml', 'abs: true\n');
    expect((await load(root, { argv: [`+config_paths=[${file}]`] })).tree.abs).toBe(true);
  });
});
