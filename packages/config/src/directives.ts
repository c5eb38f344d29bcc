/**
 * Structural directives applied after merging and before the `???` check:
 *
 * - `${inherit_from:a.b}` / `_inherit_from: a.b` MOVES the value at `a.b` here. The source is
 *   deleted, which is how a generic block (say `generic_judge`) can be specialised into a named
 *   instance without the generic one also starting as a server.
 * - `${copy:a.b}` / `_copy: a.b` copies it and keeps the source.
 * - In the map forms, the sibling keys are merged over the inherited/copied value.
 * - `_delete_key: "k1,k2"` removes keys from the map that holds it (after the inherit/copy).
 *
 * Sources are read from a snapshot taken before any directive ran, so the order in which
 * directives are met does not change what they see. A source that is itself a directive (or
 * holds some) is expanded before the overlay goes on top; the reference leaves those raw.
 */
import type { ConfigTree } from './types.ts';
import { ConfigErrors } from './errors.ts';
import { mergeConfigLayers } from './merge.ts';
import { MISSING, type KeySegment, childOf, deepCopy, formatKeyPath, isMap } from './tree.ts';

const INHERIT_KEY = '_inherit_from';
const COPY_KEY = '_copy';
const DELETE_KEY = '_delete_key';
const STRING_FORM = /^\$\{\s*(inherit_from|copy)\s*:\s*([^}]*?)\s*\}$/;
// Each hop is a directive whose source is itself a directive; real configs need one or two.
const MAX_HOPS = 32;

interface Context {
  /** The tree being rewritten; moves delete their source here. */
  live: ConfigTree;
  /** The merged tree before any directive ran; every source is read from here. */
  snapshot: ConfigTree;
}

interface Directive {
  move: boolean;
  source: string[];
  /** Keys merged over the source value (map form only). */
  overlay: ConfigTree | undefined;
}

/** Returns a new tree with every directive applied. */
export function applyDirectives(tree: ConfigTree): ConfigTree {
  const ctx: Context = { live: deepCopy(tree), snapshot: deepCopy(tree) };
  processContainer(ctx.live, [], ctx);
  return ctx.live;
}

function readDirective(value: unknown): Directive | undefined {
  if (typeof value === 'string') {
    const match = STRING_FORM.exec(value);
    if (!match) return undefined;
    return { move: match[1] === 'inherit_from', source: match[2].split('.'), overlay: undefined };
  }
  if (!isMap(value)) return undefined;
  const key = Object.hasOwn(value, INHERIT_KEY) ? INHERIT_KEY : Object.hasOwn(value, COPY_KEY) ? COPY_KEY : undefined;
  if (key === undefined) return undefined;
  const { [key]: source, ...overlay } = value;
  return { move: key === INHERIT_KEY, source: String(source).split('.'), overlay };
}

function processContainer(container: ConfigTree | unknown[], path: KeySegment[], ctx: Context): void {
  if (Array.isArray(container)) {
    container.forEach((item, i) => (container[i] = expand(item, [...path, i], ctx, 0)));
    return;
  }
  for (const key of Object.keys(container)) {
    // An inherit_from met earlier may have moved this key away already.
    if (!Object.hasOwn(container, key)) continue;
    const value = expand(container[key], [...path, key], ctx, 0);
    if (Object.hasOwn(container, key)) container[key] = value;
  }
}

/** Applies `_delete_key`, the directives inside `value`, then `value`'s own directive (if any). */
function expand(value: unknown, here: KeySegment[], ctx: Context, hops: number): unknown {
  if (hops > MAX_HOPS) throw ConfigErrors.directiveCycle(formatKeyPath(here));
  const pendingDeletes: string[] = [];
  if (isMap(value) && Object.hasOwn(value, DELETE_KEY)) {
    const names = value[DELETE_KEY];
    delete value[DELETE_KEY];
    const requested = (Array.isArray(names) ? names.map(String) : String(names).split(',')).map((k) => k.trim());
    // Keys present now go before anything can read them; the rest must arrive with the
    // inherited/copied value (a `_delete_key` without a directive ignores them, as the reference does).
    for (const name of requested) {
      if (Object.hasOwn(value, name)) delete value[name];
      else if (name !== '') pendingDeletes.push(name);
    }
  }
  if (isMap(value) || Array.isArray(value)) processContainer(value, here, ctx);

  const directive = readDirective(value);
  if (!directive) return value;
  const result = resolveDirective(directive, here, ctx, hops);
  // An unset source makes this unset too; the `???` check then reports it with advice.
  if (result === MISSING) return MISSING;
  for (const name of pendingDeletes) {
    if (!isMap(result) || !Object.hasOwn(result, name)) throw ConfigErrors.deleteKeyMissing(formatKeyPath(here), name);
    delete result[name];
  }
  return result;
}

function resolveDirective(directive: Directive, here: KeySegment[], ctx: Context, hops: number): unknown {
  let source: unknown = ctx.snapshot;
  for (const segment of directive.source) {
    const next = childOf(source, segment);
    if (next === undefined) throw ConfigErrors.directivePathNotFound(directive.source, formatKeyPath(here));
    if (next === MISSING) return MISSING;
    source = next;
  }

  if (directive.move) {
    // Several instances may inherit from one block, so the source may already be gone.
    const parent = directive.source.slice(0, -1).reduce<unknown>((node, s) => childOf(node, s), ctx.live);
    const leaf = directive.source[directive.source.length - 1];
    if (isMap(parent)) delete parent[leaf];
  }

  // The source may itself be (or contain) directives: expand it before the overlay goes on top.
  const value = expand(deepCopy(source), here, ctx, hops + 1);
  if (value === MISSING || !directive.overlay || Object.keys(directive.overlay).length === 0) return value;
  return mergeConfigLayers({ value }, { value: directive.overlay }).value;
}
