/** Rendering and writing server templates (the generated code itself is run and typechecked in docs.test.ts). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fillText, renderTemplate, writeFiles } from '../src/templates.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('renderTemplate', () => {
  it('renders the resources server folder with the name everywhere and no placeholder left', () => {
    const files = renderTemplate('resources_server', { name: 'letter_count', className: 'LetterCount' });
    expect(files.map((f) => f.path).sort()).toEqual([
      'README.md',
      'app.ts',
      'configs/letter_count.yaml',
      'data/.gitignore',
      'data/example.jsonl',
      'package.json',
      'tests/app.test.ts',
      'tests/example-rollouts.test.ts',
    ]);
    for (const f of files) expect(f.content, f.path).not.toMatch(/\{\{|__name__/);
    const byPath = Object.fromEntries(files.map((f) => [f.path, f.content]));
    expect(JSON.parse(byPath['package.json']).name).toBe('@gym-servers/letter_count');
    expect(byPath['app.ts']).toContain("className: 'LetterCountResourcesServer'");
    expect(byPath['configs/letter_count.yaml']).toContain('jsonl_fpath: resources_servers/letter_count/data/example.jsonl');
    expect(byPath['README.md']).toMatch(/## Licence/);
    const rows = byPath['data/example.jsonl'].trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(5);
  });

  it('renders the agent folder', () => {
    const files = renderTemplate('agent', { name: 'planner', className: 'Planner' });
    expect(files.map((f) => f.path).sort()).toEqual(['README.md', 'app.ts', 'configs/planner.yaml', 'package.json', 'tests/app.test.ts', 'tests/example-rollouts.test.ts']);
    expect(files.find((f) => f.path === 'configs/planner.yaml')!.content).toContain('jsonl_fpath: responses_api_agents/planner/data/example.jsonl');
  });

  it('fails on a placeholder without a value instead of leaving it in the output', () => {
    expect(() => fillText('a {{name}} b {{other}}', { name: 'x' }, 'f.tmpl')).toThrow('Template f.tmpl: no value for {{other}}');
  });
});

describe('writeFiles', () => {
  it('creates folders as needed and never overwrites a file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gym-scaffold-'));
    dirs.push(dir);
    writeFiles(dir, [{ path: 'a/b/c.txt', content: 'one' }]);
    expect(readFileSync(path.join(dir, 'a/b/c.txt'), 'utf8')).toBe('one');
    expect(() => writeFiles(dir, [{ path: 'a/b/c.txt', content: 'two' }])).toThrow(/EEXIST/);
    expect(readFileSync(path.join(dir, 'a/b/c.txt'), 'utf8')).toBe('one');
  });
});
