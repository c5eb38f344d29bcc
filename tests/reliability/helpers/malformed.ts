/**
 * fast-check arbitraries for bad input: text that is not JSON, wrong content types, bodies that
 * break a route's schema (wrong type, missing field, unknown key, wrong root), huge strings and
 * deep nesting. Schema mutations start from a valid body and say which path they changed, so a
 * test can check that the 422 names that field.
 */
import fc from 'fast-check';
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';

export type Path = (string | number)[];

export interface Mutation {
  kind: 'wrong_type' | 'missing' | 'extra_key' | 'wrong_root' | 'huge_string' | 'deep_nesting';
  path: Path;
  body: unknown;
}

const checks = new WeakMap<object, TypeCheck<TSchema>>();
export function compiled(schema: TSchema): TypeCheck<TSchema> {
  let c = checks.get(schema);
  if (!c) {
    c = TypeCompiler.Compile(schema);
    checks.set(schema, c);
  }
  return c;
}

/** A body the schema accepts: the first example that fits, else TypeBox's default value, else `{}`. */
export function sampleBody(schema: TSchema, examples: unknown[] = []): unknown {
  const check = compiled(schema);
  for (const e of examples) if (check.Check(e)) return e;
  try {
    const created = Value.Create(schema);
    if (check.Check(created)) return created;
  } catch {
    /* some schemas (patterns, refinements) have no default */
  }
  return {};
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Every place a mutation can hit: each key and index present in the value (to a bounded depth),
 * and each property an object schema declares, present or not.
 */
export function slots(schema: TSchema | undefined, value: unknown, path: Path = [], depth = 0, out: Path[] = []): Path[] {
  if (depth > 6) return out;
  const props = schema && isObject(schema.properties) ? (schema.properties as Record<string, TSchema>) : undefined;
  if (isObject(value)) {
    const keys = new Set([...Object.keys(value), ...(props ? Object.keys(props) : [])]);
    for (const key of keys) {
      out.push([...path, key]);
      if (key in value) slots(props?.[key], value[key], [...path, key], depth + 1, out);
    }
  } else if (Array.isArray(value)) {
    const items = schema && isObject(schema.items) ? (schema.items as TSchema) : undefined;
    value.slice(0, 3).forEach((item, i) => {
      out.push([...path, i]);
      slots(items, item, [...path, i], depth + 1, out);
    });
  }
  return out;
}

/** A deep copy of `root` with `fn` applied to the parent of `path` and its last key. */
function edit(root: unknown, path: Path, fn: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  fn(parent, path[path.length - 1]);
  return copy;
}

export const setAt = (root: unknown, path: Path, value: unknown) => edit(root, path, (p, k) => void (p[k] = value));
const deleteAt = (root: unknown, path: Path) => edit(root, path, (p, k) => void (Array.isArray(p) ? p.splice(Number(k), 1) : delete p[k]));

/** JSON values of every type, small. */
export const anyJson = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 20 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

/** Schema-breaking (or at least schema-probing) edits of a valid body. */
export function schemaMutations(schema: TSchema | undefined, base: unknown): fc.Arbitrary<Mutation> {
  const places = slots(schema, base);
  const present = places.filter((p) => hasPath(base, p));
  const objects = [[] as Path, ...present.filter((p) => isObject(getPath(base, p)))].filter((p) => isObject(getPath(base, p)));
  const options: fc.Arbitrary<Mutation>[] = [
    fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 })).map((body) => ({ kind: 'wrong_root' as const, path: [], body })),
  ];
  if (places.length) {
    options.push(fc.tuple(fc.constantFrom(...places), anyJson).map(([path, v]) => ({ kind: 'wrong_type' as const, path, body: setAt(base, path, v) })));
  }
  if (present.length) options.push(fc.constantFrom(...present).map((path) => ({ kind: 'missing' as const, path, body: deleteAt(base, path) })));
  if (objects.length) {
    options.push(
      fc.tuple(fc.constantFrom(...objects), fc.string({ minLength: 1, maxLength: 12 }), anyJson).map(([path, key, v]) => {
        const full = [...path, `zz_${key}`];
        return { kind: 'extra_key' as const, path: full, body: setAt(base, full, v) };
      }),
    );
  }
  return fc.oneof(...options);
}

/**
 * A huge string (sizes in bytes) at one slot. The arbitrary yields a builder with a short
 * description, so a failing case prints as a few words, not megabytes.
 */
export function hugeStrings(schema: TSchema | undefined, base: unknown, minBytes: number, maxBytes: number): fc.Arbitrary<Described<Mutation>> {
  const places = slots(schema, base);
  const at = places.length ? fc.constantFrom<Path>([], ...places) : fc.constant<Path>([]);
  return fc.tuple(at, fc.integer({ min: minBytes, max: maxBytes }), fc.constantFrom('x', 'é', '"', '\\', '\u0000', '🙂')).map(([path, size, ch]) =>
    described(`${size} bytes of ${JSON.stringify(ch)} at ${JSON.stringify(path)}`, () => {
      const text = ch.repeat(Math.max(1, Math.floor(size / Buffer.byteLength(JSON.stringify(ch)))));
      return { kind: 'huge_string' as const, path, body: path.length ? setAt(base, path, text) : text };
    }),
  );
}

/** JSON text with arrays/objects nested around `limit` levels deep at one slot (built as text: it cannot be stringified). */
export function deepNesting(schema: TSchema | undefined, base: unknown, limit: number): fc.Arbitrary<Described<{ path: Path; depth: number; text: string }>> {
  const places = slots(schema, base).filter((p) => p.length > 0);
  const at = places.length ? fc.constantFrom<Path>([], ...places) : fc.constant<Path>([]);
  // Both sides of the limit, and right at it, where a stack overflow would show first.
  const depth = fc.oneof(fc.integer({ min: 2, max: limit }), fc.integer({ min: limit - 12, max: limit + 12 }), fc.integer({ min: limit + 1, max: limit * 40 }));
  return fc.tuple(at, depth, fc.boolean()).map(([path, depth, objects]) => described(`${objects ? 'objects' : 'arrays'} ${depth} deep at ${JSON.stringify(path)}`, () => {
    const open = objects ? '{"a":' : '[';
    const close = objects ? '}' : ']';
    const nested = `${open.repeat(depth - 1)}${objects ? '{}' : '[]'}${close.repeat(depth - 1)}`;
    const marker = '"__deep_nesting_marker__"';
    const text = path.length ? JSON.stringify(setAt(base, path, '__deep_nesting_marker__')).replace(marker, nested) : nested;
    return { path, depth, text };
  }));
}

/** A lazily built value that prints as its description in fast-check's reports. */
export type Described<T> = (() => T) & { toString(): string };
function described<T>(description: string, build: () => T): Described<T> {
  return Object.assign(build, { toString: () => description, [fc.toStringMethod]: () => description });
}

/** Text sent as `application/json` that is not JSON. */
export function brokenJson(base: unknown): fc.Arbitrary<string> {
  const valid = JSON.stringify(base);
  return fc
    .oneof(
      fc.integer({ min: 1, max: Math.max(1, valid.length - 1) }).map((n) => valid.slice(0, n)),
      fc.string({ minLength: 1, maxLength: 40 }),
      fc.constantFrom("{'a': 1}", '{"a": 1,}', '{"a": NaN}', '[1, 2', '{"a": undefined}', '\u0000', '{"a": "\\x41"}', '{a: 1}', '{"a": 1} trailing', '\uFEFF{"a": 1'),
    )
    .filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    });
}

export const wrongContentTypes = fc.constantFrom(
  'text/plain',
  'text/html',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/octet-stream',
  'image/png',
  'application/jsonx',
);

export function getPath(root: unknown, path: Path): unknown {
  let node = root;
  for (const step of path) node = (node as Record<string | number, unknown> | null)?.[step];
  return node;
}

function hasPath(root: unknown, path: Path): boolean {
  let node = root;
  for (const step of path) {
    if (node === null || typeof node !== 'object' || !(step in (node as object))) return false;
    node = (node as Record<string | number, unknown>)[step];
  }
  return true;
}

/** One path is a prefix of the other: an error at the parent (a union) or at a child names the change. */
export function related(a: Path, b: Path): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (String(a[i]) !== String(b[i])) return false;
  return true;
}
