/**
 * `ng init-resources-server` / `ng init-agent` up to the install: what they
 * write, what they refuse, and what they print when linking fails. (The full
 * path, install and recording included, runs in docs.test.ts.)
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readYamlFile } from '@gym/config';
import { REPO_ROOT } from '@gym/testing';
import { initAgent, initResourcesServer, installCommand } from '../src/index.ts';
import { runNg } from './helpers/ng.ts';

const root = path.join(REPO_ROOT, '.tmp', `init-${process.pid}-${Date.now().toString(36)}`);
mkdirSync(path.join(root, 'resources_servers/taken'), { recursive: true });
writeFileSync(path.join(root, 'resources_servers/taken/keep.txt'), 'mine\n');
mkdirSync(path.join(root, 'resources_servers/example_single_tool_call/data'), { recursive: true });
copyFileSync(
  path.join(REPO_ROOT, 'resources_servers/example_single_tool_call/data/example.jsonl'),
  path.join(root, 'resources_servers/example_single_tool_call/data/example.jsonl'),
);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const env = { GYM_ROOT: root };

describe('ng init-resources-server', () => {
  it('writes the folder, and with +install=false stops there and says what to run next', async () => {
    const res = await runNg(['init-resources-server', '+entrypoint=resources_servers/word_games', '+install=false'], { env });
    expect(res.code, res.output).toBe(0);
    expect(res.output).toContain('Created resources_servers/word_games/ (9 files).');
    expect(res.output).toContain('pnpm ng test +entrypoint=resources_servers/word_games');
    const dir = path.join(root, 'resources_servers/word_games');
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'app.ts', 'configs', 'data', 'package.json', 'tests']);
    expect(readYamlFile(path.join(dir, 'configs/word_games.yaml'))).toMatchObject({
      word_games: { resources_servers: { word_games: { entrypoint: 'app.ts', domain: 'other' } } },
      word_games_simple_agent: {
        responses_api_agents: {
          simple_agent: {
            resources_server: { type: 'resources_servers', name: 'word_games' },
            model_server: { type: 'responses_api_models', name: 'policy_model' },
            datasets: [{ name: 'example', type: 'example', jsonl_fpath: 'resources_servers/word_games/data/example.jsonl' }],
          },
        },
      },
    });
    expect(readFileSync(path.join(dir, 'app.ts'), 'utf8')).toContain("className: 'WordGamesResourcesServer'");
    expect(JSON.parse(readFileSync(path.join(dir, 'data/example_metrics.json'), 'utf8'))).toMatchObject({
      name: 'example',
      type: 'example',
      jsonl_fpath: 'resources_servers/word_games/data/example.jsonl',
      'Number of examples': 5,
    });
  }, 60_000);

  it('refuses an existing folder, bad names and unknown options, writing nothing', async () => {
    const [taken, badName, noEntrypoint, unknown] = await Promise.all([
      runNg(['init-resources-server', '+entrypoint=resources_servers/taken'], { env }),
      runNg(['init-resources-server', '+entrypoint=resources_servers/Word-Games'], { env }),
      runNg(['init-resources-server'], { env }),
      runNg(['init-resources-server', '+entrypoint=resources_servers/x', '+force=true'], { env }),
    ]);
    expect([taken.code, badName.code, noEntrypoint.code, unknown.code]).toEqual([1, 1, 1, 1]);
    expect(taken.output.trim()).toBe('Error: resources_servers/taken already exists; nothing was written. Choose another name or delete the folder first.');
    expect(badName.output).toContain("Error: 'Word-Games' cannot be a server name: use lowercase snake_case");
    expect(noEntrypoint.output.trim()).toBe('Error: Missing +entrypoint. Name the folder to create, e.g. +entrypoint=resources_servers/my_env.');
    expect(unknown.output.trim()).toBe('Error: Unknown option +force. `ng init-resources-server` takes +entrypoint, +install, +record.');
    expect(readdirSync(path.join(root, 'resources_servers/taken'))).toEqual(['keep.txt']);
    expect(existsSync(path.join(root, 'resources_servers/Word-Games'))).toBe(false);
  }, 60_000);
});

describe('initAgent', () => {
  it('writes the agent folder with a copy of the example rows its recordings replay', async () => {
    const result = await initAgent({ repoRoot: root, entrypoint: 'responses_api_agents/planner', install: false });
    expect(result.files.sort()).toEqual([
      'README.md',
      'app.ts',
      'configs/planner.yaml',
      'data/example.jsonl',
      'data/example_metrics.json',
      'package.json',
      'tests/app.test.ts',
      'tests/example-rollouts.test.ts',
    ]);
    expect(readFileSync(path.join(result.dir, 'data/example.jsonl'), 'utf8')).toBe(
      readFileSync(path.join(REPO_ROOT, 'resources_servers/example_single_tool_call/data/example.jsonl'), 'utf8'),
    );
    expect(result.installed).toBe(false);
  });
});

describe('a failed install', () => {
  it('keeps the files and names the command to run and the steps after it', async () => {
    const bin = path.join(root, 'failing-bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'pnpm'), '#!/bin/sh\necho "ERR_PNPM_NO_OFFLINE_TARBALL  A package is missing from the store"\nexit 1\n', { mode: 0o755 });
    const pathEnv = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    expect(installCommand(pathEnv)).toEqual({ file: path.join(bin, 'pnpm'), args: ['install', '--offline', '--no-frozen-lockfile'], display: 'pnpm install --offline --no-frozen-lockfile' });
    const err = await initResourcesServer({ repoRoot: root, entrypoint: 'resources_servers/offline_env', env: pathEnv }).then(
      () => new Error('init succeeded'),
      (e: Error) => e,
    );
    expect(err).toMatchObject({ code: 'GYM_SCAFFOLD_INSTALL_FAILED' });
    expect(err.message).toContain('  | ERR_PNPM_NO_OFFLINE_TARBALL  A package is missing from the store');
    expect(err.message).toContain(
      'Run this from the repo root, then finish with the commands below it:\n  pnpm install --offline --no-frozen-lockfile\n' +
        '  ng record-example-rollouts +entrypoint=resources_servers/offline_env\n  ng test +entrypoint=resources_servers/offline_env',
    );
    expect(existsSync(path.join(root, 'resources_servers/offline_env/app.ts'))).toBe(true);
  });
});
