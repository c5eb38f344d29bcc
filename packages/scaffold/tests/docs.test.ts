/**
 * The newcomer docs, run: every marked block of docs/*.md in a fresh copy of
 * the workspace, in page order, as a reader would type them (see
 * src/doc-commands.ts for the markers). Commands that need a real model get a
 * local fake OpenAI-compatible endpoint through OPENAI_BASE_URL; the head
 * server gets a free port through env.yaml so a running `ng run` elsewhere
 * cannot collide. After "Add an environment", the new server's own files and
 * rollouts are checked too: init → test → run → collect, rewards written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, freePort, startFakeUpstream, type FakeUpstream } from '@gym/testing';
import { extractDocCommands, type DocBlock } from '../src/doc-commands.ts';
import { PageRunner } from './helpers/doc-runner.ts';
import { cleanEnv, copyWorkspace, type WorkspaceCopy } from './helpers/workspace-copy.ts';

/** The pages in reading order; any other docs page with test markers runs after them. */
const ORDERED_PAGES = ['getting-started.md', 'new-environment.md', 'pivots-and-training-data.md', 'real-models.md'];
const docsDir = path.join(REPO_ROOT, 'docs');
const otherMarkedPages = readdirSync(docsDir)
  .filter((f) => f.endsWith('.md') && !ORDERED_PAGES.includes(f))
  .filter((f) => readFileSync(path.join(docsDir, f), 'utf8').includes('<!-- test:'))
  .sort();
const pages = [...ORDERED_PAGES, ...otherMarkedPages].map((page) => ({
  page,
  blocks: extractDocCommands(readFileSync(path.join(docsDir, page), 'utf8'), `docs/${page}`),
}));

let copy: WorkspaceCopy;
let upstream: FakeUpstream;
let runner: PageRunner;

beforeAll(async () => {
  [copy, upstream] = await Promise.all([copyWorkspace('docs'), startFakeUpstream({ model: 'gpt-4.1-mini' })]);
  const headPort = await freePort();
  const envYamlSuffix = `head_server:\n  port: ${headPort}\n`;
  writeFileSync(path.join(copy.root, 'env.yaml'), envYamlSuffix);
  // `pnpm <script>` runs the root package.json script from the repo root, as pnpm does; anything else is real pnpm.
  const scripts = JSON.parse(readFileSync(path.join(copy.root, 'package.json'), 'utf8')).scripts as Record<string, string>;
  const bin = path.join(copy.root, '.docs-test-bin');
  mkdirSync(bin);
  writeFileSync(
    path.join(bin, 'pnpm'),
    `#!/bin/sh\nif [ "$1" = "ng" ]; then shift; cd "${copy.root}" && exec ${scripts.ng} "$@"; fi\nexec npx -y pnpm@10 "$@"\n`,
    { mode: 0o755 },
  );
  const env = cleanEnv({
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    NEMO_GYM_HEAD_SERVER_URL: `http://127.0.0.1:${headPort}`,
    OPENAI_BASE_URL: upstream.baseUrl,
    OPENAI_API_KEY: 'sk-docs-test',
  });
  runner = new PageRunner({ root: copy.root, env, envYamlSuffix });
}, 120_000);

afterAll(async () => {
  await runner?.stopAll();
  await upstream?.close();
  copy?.remove();
}, 60_000);

const title = (page: string, block: DocBlock) => `${page}:${block.line} ${block.mode} ${block.code.split('\n')[0].slice(0, 100)}`;

describe('the fake endpoint speaks the OpenAI wire format', () => {
  it('lists its model through the openai SDK', async () => {
    const client = new OpenAI({ baseURL: upstream.baseUrl, apiKey: 'sk-docs-test' });
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain('gpt-4.1-mini');
  });
});

for (const { page, blocks } of pages) {
  describe(`docs/${page}`, () => {
    it('has runnable blocks', () => expect(blocks.filter((b) => b.mode === 'run' || b.mode === 'background').length).toBeGreaterThan(0));

    for (const block of blocks) {
      it(title(page, block), async () => {
        const outcome = await runner.run(block);
        expect(outcome.code, outcome.output).toBe(block.mode === 'run' ? block.exit : 0);
        if (block.expect) expect(outcome.output).toMatch(block.expect);
      }, 200_000);
    }

    it('leaves no command running', async () => {
      const outcome = await runner.stopAll();
      expect(outcome.code, outcome.output).toBe(0);
    }, 60_000);
  });

  if (page === 'new-environment.md') {
    describe('the environment the page created', () => {
      const read = (rel: string) => readFileSync(path.join(copy.root, rel), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

      it('is a complete server folder', () => {
        const dir = path.join(copy.root, 'resources_servers/my_env');
        for (const f of ['package.json', 'app.ts', 'configs/my_env.yaml', 'data/example.jsonl', 'data/example_rollouts.jsonl', 'tests/app.test.ts', 'README.md']) {
          expect(existsSync(path.join(dir, f)), f).toBe(true);
        }
        expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toMatch(/## Licence\n\n.*Apache-2\.0/);
      });

      it('recorded one rollout per example row and collected them again offline, with rewards', () => {
        const recorded = read('resources_servers/my_env/data/example_rollouts.jsonl');
        const collected = read('results/my_env_rollouts.jsonl');
        expect(recorded).toHaveLength(5);
        expect(collected).toHaveLength(5);
        for (const r of collected) expect(typeof r.reward).toBe('number');
        // The replay model answered every row with the recorded turns.
        const byTask = new Map(recorded.map((r) => [r._ng_task_index, r]));
        for (const r of collected) {
          const texts = (x: { response: { output: Array<{ type: string; name?: string; arguments?: string }> } }) =>
            x.response.output.filter((i) => i.type === 'function_call').map((i) => `${i.name}(${i.arguments})`);
          expect(texts(r)).toEqual(texts(byTask.get(r._ng_task_index)));
          expect(r.reward).toBe(byTask.get(r._ng_task_index).reward);
        }
      });

      it('typechecks, with the agent the page created (no errors in the generated folders)', () => {
        const tsconfig = path.join(copy.root, 'tsconfig.generated.json');
        writeFileSync(tsconfig, JSON.stringify({ extends: './tsconfig.json', include: ['resources_servers/my_env/**/*.ts', 'responses_api_agents/my_agent/**/*.ts'] }));
        const tsc = spawnSync(process.execPath, [path.join(copy.root, 'node_modules/typescript/bin/tsc'), '-p', tsconfig, '--noEmit'], { cwd: copy.root, encoding: 'utf8' });
        // Only errors in the generated folders count here: the framework's own are the repo-wide typecheck's to report.
        const generated = `${tsc.stdout}${tsc.stderr}`.split('\n').filter((l) => /^(resources_servers\/my_env|responses_api_agents\/my_agent)\//.test(l));
        expect(generated).toEqual([]);
        expect(tsc.status === 0 || /error TS/.test(tsc.stdout), `tsc did not run: ${tsc.stdout}${tsc.stderr}`).toBe(true);
      }, 120_000);
    });
  }
}
