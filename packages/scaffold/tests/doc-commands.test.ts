/** Reading the runnable blocks of a docs page, and refusing pages whose commands no test would run. */
import { describe, expect, it } from 'vitest';
import { extractDocCommands } from '../src/doc-commands.ts';

const fence = '```';

describe('extractDocCommands', () => {
  it('reads run, background, stop and file blocks in page order, with their options', () => {
    const page = [
      '# Title',
      '<!-- test: run -->',
      `${fence}sh`,
      'pnpm install',
      fence,
      'text',
      '<!-- test: background until="servers ready" -->',
      '',
      `${fence}bash`,
      'pnpm ng run "+config_paths=[a.yaml]"',
      fence,
      '<!-- test: run exit="1" expect="Error: .*" -->',
      `${fence}sh`,
      'pnpm ng test',
      'echo done',
      fence,
      '<!-- test: stop -->',
      '<!-- test: file path="env.yaml" -->',
      `${fence}yaml`,
      'a: 1',
      fence,
      `${fence}yaml`,
      'not: a command',
      fence,
    ].join('\n');
    const blocks = extractDocCommands(page, 'p.md');
    expect(blocks.map((b) => [b.mode, b.line, b.code, b.exit])).toEqual([
      ['run', 2, 'pnpm install', 0],
      ['background', 7, 'pnpm ng run "+config_paths=[a.yaml]"', 0],
      ['run', 12, 'pnpm ng test\necho done', 1],
      ['stop', 17, '', 0],
      ['file', 18, 'a: 1', 0],
    ]);
    expect(blocks[1].until!.test('All 3 servers ready.')).toBe(true);
    expect(blocks[2].expect!.test('Error: nope')).toBe(true);
    expect(blocks[4].path).toBe('env.yaml');
  });

  it('refuses a shell block without a marker, naming the page and line', () => {
    expect(() => extractDocCommands(`intro\n${fence}sh\nrm -rf x\n${fence}\n`, 'docs/x.md')).toThrow('docs/x.md:2: `sh` block without a <!-- test: ... --> marker before it');
  });

  it('refuses markers that lead nowhere or say something unknown', () => {
    expect(() => extractDocCommands('<!-- test: run -->\nsome text\n', 'p')).toThrow('p:1: test marker not followed by a fenced sh block');
    expect(() => extractDocCommands(`<!-- test: run -->\n${fence}yaml\na: 1\n${fence}\n`, 'p')).toThrow('p:1: a run marker followed by a `yaml` block, not sh');
    expect(() => extractDocCommands(`<!-- test: maybe -->\n${fence}sh\nx\n${fence}\n`, 'p')).toThrow("p:1: unknown test mode 'maybe'");
    expect(() => extractDocCommands(`<!-- test: background -->\n${fence}sh\nx\n${fence}\n`, 'p')).toThrow(/needs until=/);
    expect(() => extractDocCommands(`<!-- test: file -->\n${fence}yaml\nx\n${fence}\n`, 'p')).toThrow(/needs path=/);
    expect(() => extractDocCommands(`<!-- test: run timeout="5" -->\n${fence}sh\nx\n${fence}\n`, 'p')).toThrow(/unknown marker attribute timeout/);
    expect(() => extractDocCommands(`<!-- test: run -->\n${fence}sh\nx\n`, 'p')).toThrow('p:2: unclosed code fence');
  });

  it('lets non-shell blocks and ~~~ fences through', () => {
    expect(extractDocCommands(`~~~ts\nconst x = 1;\n~~~\n<!-- test: run -->\n~~~sh\necho hi\n~~~\n`)).toEqual([
      expect.objectContaining({ mode: 'run', code: 'echo hi', line: 4 }),
    ]);
  });
});
