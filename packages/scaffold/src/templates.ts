/**
 * Server folder templates: real files under packages/scaffold/templates/<kind>/
 * ending in `.tmpl` (so neither vitest nor tsc picks them up as sources),
 * with `{{key}}` placeholders in their text and `__key__` in their paths.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scaffoldErrors } from './errors.ts';

export const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));
const TEMPLATE_SUFFIX = '.tmpl';

export type TemplateName = 'resources_server' | 'agent';
export type TemplateValues = Record<string, string>;

export interface RenderedFile {
  /** Path relative to the new folder. */
  path: string;
  content: string;
}

/** Render every file of a template; a placeholder without a value is an error, never left in the output. */
export function renderTemplate(template: TemplateName, values: TemplateValues): RenderedFile[] {
  const root = path.join(TEMPLATES_DIR, template);
  return listFiles(root).map((rel) => ({
    path: fillPath(rel.slice(0, -TEMPLATE_SUFFIX.length), values, rel),
    content: fillText(readFileSync(path.join(root, rel), 'utf8'), values, rel),
  }));
}

/** Write rendered files under `dir` (which must not exist yet: the caller checks). */
export function writeFiles(dir: string, files: RenderedFile[]): string[] {
  for (const file of files) {
    const target = path.join(dir, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content, { flag: 'wx' });
  }
  return files.map((f) => f.path);
}

export function fillText(text: string, values: TemplateValues, file: string): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
    const value = values[key];
    if (value === undefined) throw scaffoldErrors.template(file, `no value for {{${key}}}`);
    return value;
  });
}

function fillPath(rel: string, values: TemplateValues, file: string): string {
  return rel.replace(/__(\w+?)__/g, (_m, key: string) => {
    const value = values[key];
    if (value === undefined) throw scaffoldErrors.template(file, `no value for __${key}__ in its path`);
    return value;
  });
}

function listFiles(root: string, sub = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, sub), { withFileTypes: true })) {
    const rel = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(root, rel));
    else if (entry.name.endsWith(TEMPLATE_SUFFIX)) out.push(rel);
  }
  return out.sort();
}
