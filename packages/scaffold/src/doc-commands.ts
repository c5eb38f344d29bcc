/**
 * The shell commands of a documentation page, as its test runs them. Every
 * fenced `sh` block must be preceded by a marker comment saying how:
 *
 *   <!-- test: run -->                        run it; it must exit 0
 *   <!-- test: run exit="1" expect="Error" --> exit code and output checked
 *   <!-- test: background until="ready" -->   a long-running command (ng run, ng viewer):
 *                                             started, awaited until its output matches
 *                                             `until`, stopped at the next stop marker
 *   <!-- test: stop -->                       (no block) stop the background commands
 *   <!-- test: file path="env.yaml" -->       the next block (any language) is a file the
 *                                             reader creates: the test writes it there
 *
 * `expect` and `until` are regular expressions. A `sh` block without a marker
 * is an error, so a page cannot show a command that no test runs.
 */

export type DocBlockMode = 'run' | 'background' | 'stop' | 'file';

export interface DocBlock {
  mode: DocBlockMode;
  /** 1-based line of the marker. */
  line: number;
  /** The block's text (empty for `stop`). */
  code: string;
  /** Exit code a `run` block must end with (default 0). */
  exit: number;
  expect?: RegExp;
  until?: RegExp;
  /** Where a `file` block goes, relative to the repo root. */
  path?: string;
}

const MARKER = /^\s*<!--\s*test:\s*(\w+)((?:\s+\w+="[^"]*")*)\s*-->\s*$/;
const ATTRIBUTE = /(\w+)="([^"]*)"/g;
const FENCE = /^\s*(```+|~~~+)\s*([\w-]*)/;
const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'console']);

/** Parse a page; throws with the page's name and line for a bad or missing marker. */
export function extractDocCommands(markdown: string, page = 'page'): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  let pending: Omit<DocBlock, 'code'> | undefined;
  const fail = (line: number, why: string) => new Error(`${page}:${line}: ${why}`);

  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i]);
    if (marker) {
      if (pending) throw fail(pending.line, 'test marker not followed by a fenced sh block');
      const [, mode, attrText] = marker;
      const attrs = Object.fromEntries([...attrText.matchAll(ATTRIBUTE)].map((m) => [m[1], m[2]]));
      const unknown = Object.keys(attrs).filter((k) => !['exit', 'expect', 'until', 'path'].includes(k));
      if (unknown.length) throw fail(i + 1, `unknown marker attribute ${unknown.join(', ')}`);
      if (mode === 'stop') {
        blocks.push({ mode: 'stop', line: i + 1, code: '', exit: 0 });
        continue;
      }
      if (mode !== 'run' && mode !== 'background' && mode !== 'file') throw fail(i + 1, `unknown test mode '${mode}' (run, background, file or stop)`);
      if (mode === 'background' && !attrs.until) throw fail(i + 1, 'a background block needs until="<regex of its ready line>"');
      if (mode === 'file' && !attrs.path) throw fail(i + 1, 'a file block needs path="<file to write, relative to the repo root>"');
      pending = {
        mode,
        line: i + 1,
        exit: attrs.exit === undefined ? 0 : Number(attrs.exit),
        expect: attrs.expect === undefined ? undefined : new RegExp(attrs.expect),
        until: attrs.until === undefined ? undefined : new RegExp(attrs.until),
        path: attrs.path,
      };
      continue;
    }
    const fence = FENCE.exec(lines[i]);
    if (!fence) {
      if (pending && lines[i].trim() !== '') throw fail(pending.line, 'test marker not followed by a fenced sh block');
      continue;
    }
    const close = lines.findIndex((l, j) => j > i && l.trim().startsWith(fence[1]) && l.trim().replace(/[`~]/g, '') === '');
    if (close < 0) throw fail(i + 1, 'unclosed code fence');
    const language = fence[2].toLowerCase();
    if (pending?.mode === 'file') {
      blocks.push({ ...pending, code: lines.slice(i + 1, close).join('\n') });
    } else if (SHELL_LANGUAGES.has(language)) {
      if (!pending) throw fail(i + 1, `\`${language}\` block without a <!-- test: ... --> marker before it`);
      blocks.push({ ...pending, code: lines.slice(i + 1, close).join('\n') });
    } else if (pending) {
      throw fail(pending.line, `a ${pending.mode} marker followed by a \`${language || 'plain'}\` block, not sh`);
    }
    pending = undefined;
    i = close;
  }
  if (pending) throw fail(pending.line, 'test marker not followed by a fenced sh block');
  return blocks;
}
