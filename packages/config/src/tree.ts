/**
 * Small helpers over plain config trees (JSON-like maps and lists) shared by every stage of the
 * loader: type guards, deep copies and the `a.b[0].c` key-path notation used in messages.
 */
import type { ConfigTree } from './types.ts';

/** OmegaConf's marker for a value that must be provided before the config is usable. */
export const MISSING = '???';

export type KeySegment = string | number;

export function isMap(value: unknown): value is ConfigTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies plain data so stages never share (and later mutate) one another's objects. */
export function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => deepCopy(item)) as T;
  if (isMap(value)) {
    const out: ConfigTree = {};
    for (const [key, item] of Object.entries(value)) out[key] = deepCopy(item);
    return out as T;
  }
  return value;
}

/** `['a', 'b', 0, 'c']` → `a.b[0].c`, the notation users type in `++a.b[0].c=…`. */
export function formatKeyPath(segments: readonly KeySegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** `a.b[0].c` or `a.b.0.c` → `['a', 'b', '0', 'c']`. Indices stay strings; lookups accept both. */
export function parseKeyPath(text: string): string[] {
  const segments: string[] = [];
  for (const part of text.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      segments.push(part);
      continue;
    }
    if (match[1] !== '') segments.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) segments.push(index[1]);
  }
  return segments;
}

/** Reads one step down a map or list; `undefined` means the step does not exist. */
export function childOf(container: unknown, segment: KeySegment): unknown {
  if (Array.isArray(container)) {
    const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : NaN;
    return Number.isInteger(index) ? container[index] : undefined;
  }
  if (isMap(container) && Object.hasOwn(container, String(segment))) return container[String(segment)];
  return undefined;
}

/** Python-style repr of a flat list, kept because users compare messages with the reference's. */
export function pyListRepr(items: readonly unknown[]): string {
  return `[${items.map((item) => (typeof item === 'string' ? `'${item}'` : String(item))).join(', ')}]`;
}
