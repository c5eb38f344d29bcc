/**
 * `ng test`, `ng test-all` and their library functions against a small
 * workspace of server folders (passing, failing, without tests, with bad
 * example data), with real vitest child processes.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@gym/testing';
import { formatTestAllReport, listServerFolders, selectShard, testAll, validateExampleData } from '../src/index.ts';
import { runNg } from './helpers/ng.ts';
import { cleanEnv } from './helpers/workspace-copy.ts';

// Inside the repo so the folders' test files resolve `vitest` from the root node_modules.
const root = path.join(REPO_ROOT, '.tmp', `test-runners-${process.pid}-${Date.now().toString(36)}`);
const write = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
};
const row = JSON.stringify({ responses_create_params: { input: 'hi' } });
const rollout = JSON.stringify({ responses_create_params: { input: 'hi' }, response: { output: [] }, reward: 1 });
function serverFolder(rel: string, testFile: string | null, data: { rows?: number; rollouts?: number } = { rows: 5, rollouts: 5 }) {
  write(`${rel}/package.json`, JSON.stringify({ name: `@gym-servers/${path.basename(rel)}`, private: true, type: 'module' }));
  if (testFile !== null) write(`${rel}/tests/app.test.ts`, `import { expect, it } from 'vitest';\n${testFile}\n`);
  if (data.rows !== undefined) {
    write(`${rel}/data/example.jsonl`, `${Array(data.rows).fill(row).join('\n')}\n`);
    write(`${rel}/data/example_metrics.json`, JSON.stringify({ name: 'example', 'Number of examples': data.rows }));
  }
  if (data.rollouts !== undefined) write(`${rel}/data/example_rollouts.jsonl`, `${Array(data.rollouts).fill(rollout).join('\n')}\n`);
}

serverFolder('resources_servers/good', "it('adds', () => expect(1 + 1).toBe(2));\nit('adds again', () => expect(2 + 2).toBe(4));\nit.skip('later', () => {});");
serverFolder('resources_servers/bad', "it('passes', () => expect(1).toBe(1));\nit('fails', () => expect(1).toBe(2));");
serverFolder('resources_servers/thin_data', "it('passes', () => expect(1).toBe(1));", { rows: 4, rollouts: 5 });
serverFolder('responses_api_agents/untested', null, {});
serverFolder('responses_api_models/model_a', "it('passes', () => expect(true).toBe(true));", {});
write('resources_servers/notes/README.md', 'not a package\n');
// Framework tests, for ng dev-test (which must not pick up the server folders' tests above).
write('packages/fw/tests/fw.test.ts', "import { expect, it } from 'vitest';\nit('framework works', () => expect(1).toBe(1));\n");
write('tests/e2e/top.test.ts', "import { expect, it } from 'vitest';\nit('top-level works', () => expect(2).toBe(2));\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('listServerFolders and selectShard', () => {
  it('lists folders with a package.json under the three kinds, sorted', () => {
    expect(listServerFolders(root).map((f) => f.relDir)).toEqual([
      'resources_servers/bad',
      'resources_servers/good',
      'resources_servers/thin_data',
      'responses_api_agents/untested',
      'responses_api_models/model_a',
    ]);
  });

  it('strides over the sorted folders, as the reference shards them', () => {
    const folders = ['e', 'a', 'd', 'c', 'b'].map((relDir) => ({ relDir }));
    expect(selectShard(folders, 0, 2).map((f) => f.relDir)).toEqual(['a', 'c', 'e']);
    expect(selectShard(folders, 1, 2).map((f) => f.relDir)).toEqual(['b', 'd']);
    expect(selectShard(folders, 0, 1)).toHaveLength(5);
    expect(() => selectShard(folders, 2, 2)).toThrow('+shard_index must be an integer in [0, 1] (num_shards=2); got 2.');
    expect(() => selectShard(folders, 0, 0)).toThrow('+num_shards must be an integer >= 1; got 0.');
  });
});

describe('validateExampleData', () => {
  it('wants 5 rows and 5 rewarded rollouts in a resources server, and says how to fix it', () => {
    const [, good, thin] = listServerFolders(root);
    expect(validateExampleData(good)).toEqual([]);
    expect(validateExampleData(thin)).toEqual([
      'resources_servers/thin_data/data/example.jsonl has 4 lines; expected 5 (the first 5 rows of your dataset).',
      'resources_servers/thin_data/data/example_metrics.json counts 4 examples; expected 5 (write it with ' +
        '`ng prepare-data "+config_paths=[resources_servers/thin_data/configs/thin_data.yaml]" +mode=example_validation +write_metrics=true` after fixing the rows).',
    ]);
    write('resources_servers/thin_data/data/example_rollouts.jsonl', `${Array(5).fill(row).join('\n')}\n`);
    expect(validateExampleData(thin)).toContain('resources_servers/thin_data/data/example_rollouts.jsonl line 1 has no numeric reward.');
    write('resources_servers/thin_data/data/example_rollouts.jsonl', `${Array(5).fill(rollout).join('\n')}\n`);
  });

  it('checks nothing for agents and models', () => {
    expect(validateExampleData(listServerFolders(root)[3])).toEqual([]);
  });
});

describe('testAll', () => {
  it('runs each folder once and reports pass, fail, no tests and invalid data', async () => {
    const result = await testAll({ repoRoot: root, env: cleanEnv() });
    const summary = Object.fromEntries(result.results.map((r) => [r.folder.relDir, [r.status, r.counts?.passed, r.counts?.failed, r.counts?.skipped, r.dataProblems.length]]));
    expect(summary).toEqual({
      'resources_servers/bad': ['failed', 1, 1, 0, 0],
      'resources_servers/good': ['passed', 2, 0, 1, 0],
      'resources_servers/thin_data': ['passed', 1, 0, 0, 2],
      'responses_api_agents/untested': ['no tests', 0, 0, 0, 0],
      'responses_api_models/model_a': ['passed', 1, 0, 0, 0],
    });
    expect(result.ok).toBe(false);
    const report = formatTestAllReport(result);
    expect(report).toMatch(/resources_servers\/thin_data\s+data invalid\s+1\s+0\s+0\s+2 problem\(s\)/);
    expect(report).toContain('5 server folders tested: 3 passed, 1 failed, 1 without tests, 1 with invalid example data.');
    expect(report).toContain('Tests: 5 passed, 1 failed, 1 skipped.');
    expect(report).toContain('Rerun one folder with: ng test +entrypoint=resources_servers/bad');
    expect(result.results.find((r) => r.folder.name === 'bad')!.output).toContain('fails');
  }, 120_000);

  it('tests only its shard', async () => {
    const result = await testAll({ repoRoot: root, numShards: 3, shardIndex: 1, env: cleanEnv() });
    expect(result.selected.map((f) => f.relDir)).toEqual(['resources_servers/good', 'responses_api_models/model_a']);
    expect(result.ok).toBe(true);
    expect(formatTestAllReport(result)).toContain('2 server folders tested (shard 2/3 of 5): 2 passed');
  }, 120_000);
});

describe('the ng commands', () => {
  const env = { GYM_ROOT: root };

  it('ng test passes vitest exit code through, and +should_validate_data adds the data checks', async () => {
    const [bad, good, thin] = await Promise.all([
      runNg(['test', '+entrypoint=resources_servers/bad'], { env }),
      runNg(['test', '+entrypoint=resources_servers/good/'], { env }),
      runNg(['test', '+entrypoint=resources_servers/thin_data', '+should_validate_data=true'], { env }),
    ]);
    expect(bad.code, bad.output).toBe(1);
    expect(bad.output).toMatch(/1 failed/);
    expect(good.code, good.output).toBe(0);
    expect(thin.code, thin.output).toBe(1);
    expect(thin.output).toContain('Example data of resources_servers/thin_data is not valid:');
  }, 120_000);

  it('ng dev-test runs packages/ and tests/ only', async () => {
    const res = await runNg(['dev-test'], { env });
    expect(res.code, res.output).toBe(0);
    expect(res.output).toContain('packages/fw/tests/fw.test.ts');
    expect(res.output).toContain('tests/e2e/top.test.ts');
    expect(res.output).toMatch(/Tests\s+2 passed \(2\)/);
  }, 120_000);

  it('ng test-all prints the table and fails when a folder fails; bad options are user errors', async () => {
    const [all, badShard, badFolder] = await Promise.all([
      runNg(['test-all', '+num_shards=2', '+shard_index=0'], { env }),
      runNg(['test-all', '+num_shards=2', '+shard_index=2'], { env }),
      runNg(['test', '+entrypoint=resources_servers/missing'], { env }),
    ]);
    expect(all.code, all.output).toBe(1);
    expect(all.output).toContain('[1/3] resources_servers/bad: failed (1 passed, 1 failed)');
    expect(all.output).toMatch(/server\s+result\s+passed\s+failed\s+skipped\s+data\s+time/);
    expect(badShard.code).toBe(1);
    expect(badShard.output.trim()).toBe('Error: +shard_index must be an integer in [0, 1] (num_shards=2); got 2.');
    expect(badFolder.code).toBe(1);
    expect(badFolder.output).toContain(`Error: +entrypoint=resources_servers/missing is not a server folder: ${path.join(root, 'resources_servers/missing')} does not exist.`);
  }, 120_000);
});
