/**
 * Resolves OmegaConf-style interpolations over the whole merged tree, once, in the launcher.
 * Children then read plain values and never need a resolver of their own.
 *
 * Supported: `${a.b}` / `${a.l[0]}` / relative `${.sibling}`, `${oc.env:VAR[,default]}`,
 * `${oc.select:key[,default]}` (defaults may nest further interpolations), and interpolations
 * embedded in larger strings. A value that is exactly one interpolation keeps the referenced
 * value's type (a port stays a number, a block stays a map). `\${` is a literal `${`.
 */
import type { ConfigTree } from './types.ts';
import { typePrimitive } from './cli-grammar.ts';
import { ConfigErrors } from './errors.ts';
import { MISSING, type KeySegment, childOf, deepCopy, formatKeyPath, isMap, parseKeyPath } from './tree.ts';

export type Env = Record<string, string | undefined>;

type Part = string | Interpolation;
type Interpolation = { kind: 'node'; key: Part[] } | { kind: 'resolver'; name: string; args: Arg[] };
interface Arg {
  parts: Part[];
  /** A quoted argument is always a string; an unquoted literal is typed like a CLI value. */
  quoted: boolean;
}

const NOT_FOUND = Symbol('not found');

/** Returns a new tree with every interpolation replaced by its value. */
export function resolveInterpolations(tree: ConfigTree, env: Env = process.env): ConfigTree {
  return new Resolver(tree, env).resolveAll();
}

class Resolver {
  private readonly inProgress: string[] = [];
  private readonly cache = new Map<string, unknown>();

  constructor(
    private readonly root: ConfigTree,
    private readonly env: Env,
  ) {}

  resolveAll(): ConfigTree {
    return this.resolveNode(this.root, []) as ConfigTree;
  }

  private resolveNode(node: unknown, path: KeySegment[]): unknown {
    if (typeof node === 'string') return this.resolveString(node, path);
    if (Array.isArray(node)) return node.map((item, i) => this.resolveNode(item, [...path, i]));
    if (isMap(node)) {
      const out: ConfigTree = {};
      for (const [key, value] of Object.entries(node)) out[key] = this.resolveNode(value, [...path, key]);
      return out;
    }
    return node;
  }

  private resolveString(text: string, path: KeySegment[]): unknown {
    if (!text.includes('${')) return text;
    const id = JSON.stringify(path);
    if (this.cache.has(id)) return deepCopy(this.cache.get(id));
    const fullKey = formatKeyPath(path);
    const seenAt = this.inProgress.indexOf(id);
    if (seenAt >= 0) {
      const chain = this.inProgress.slice(seenAt).map((p) => formatKeyPath(JSON.parse(p) as KeySegment[]));
      throw ConfigErrors.interpolationCycle([...chain, fullKey]);
    }
    this.inProgress.push(id);
    try {
      const parts = new TemplateParser(text, fullKey).parseTemplate();
      const value = this.evaluateParts(parts, path);
      this.cache.set(id, value);
      return deepCopy(value);
    } finally {
      this.inProgress.pop();
    }
  }

  private evaluateParts(parts: Part[], path: KeySegment[]): unknown {
    if (parts.length === 1 && typeof parts[0] !== 'string') return this.evaluate(parts[0], path);
    return parts.map((part) => (typeof part === 'string' ? part : stringify(this.evaluate(part, path)))).join('');
  }

  private evaluate(interpolation: Interpolation, path: KeySegment[]): unknown {
    const fullKey = formatKeyPath(path);
    if (interpolation.kind === 'node') {
      const key = stringify(this.evaluateParts(interpolation.key, path)).trim();
      const value = this.lookup(key, path);
      if (value === NOT_FOUND) throw ConfigErrors.missingInterpolationKey(fullKey, key);
      return value;
    }
    const { name, args } = interpolation;
    if (name === 'oc.env') {
      if (args.length === 0) throw ConfigErrors.badInterpolation(fullKey, '${oc.env:}', 'no variable name');
      const variable = stringify(this.evaluateArg(args[0], path, false));
      const value = this.env[variable];
      if (value !== undefined) return value;
      if (args.length < 2) throw ConfigErrors.missingEnvVar(fullKey, variable);
      const fallback = this.evaluateArg(args[1], path, true);
      // Like OmegaConf, an environment value is always a string (or null for an explicit null default).
      return fallback === null ? null : stringify(fallback);
    }
    if (name === 'oc.select') {
      if (args.length === 0) throw ConfigErrors.badInterpolation(fullKey, '${oc.select:}', 'no key');
      const key = stringify(this.evaluateArg(args[0], path, false)).trim();
      const value = this.lookup(key, path);
      if (value !== NOT_FOUND) return value;
      // The default is evaluated only when needed, so it may reference keys that are absent otherwise.
      return args.length > 1 ? this.evaluateArg(args[1], path, true) : null;
    }
    throw ConfigErrors.unknownResolver(fullKey, name);
  }

  private evaluateArg(arg: Arg, path: KeySegment[], typed: boolean): unknown {
    if (arg.quoted) return arg.parts.join('');
    const literal = arg.parts.every((p) => typeof p === 'string');
    const value = this.evaluateParts(arg.parts, path);
    return typed && literal && typeof value === 'string' ? typePrimitive(value) : value;
  }

  /** Finds `key` (absolute, or relative with leading dots) and returns its resolved value. */
  private lookup(key: string, from: KeySegment[]): unknown {
    const dots = /^\.*/.exec(key)![0].length;
    const base = dots === 0 ? [] : from.slice(0, Math.max(0, from.length - dots));
    const rest = key.slice(dots);
    const segments: KeySegment[] = [...base, ...(rest === '' ? [] : parseKeyPath(rest))];

    let node: unknown = this.root;
    let resolved = false;
    const walked: KeySegment[] = [];
    for (const segment of segments) {
      // Stepping through an interpolated block (e.g. `server: ${generic}`) means resolving it first.
      if (!resolved && typeof node === 'string' && node.includes('${')) {
        node = this.resolveString(node, walked);
        resolved = true;
      }
      const next = childOf(node, segment);
      if (next === undefined || next === MISSING) return NOT_FOUND;
      node = next;
      walked.push(segment);
    }
    return resolved ? deepCopy(node) : this.resolveNode(node, walked);
  }
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Splits a string into literal text and (possibly nested) interpolations. */
class TemplateParser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly fullKey: string,
  ) {}

  parseTemplate(): Part[] {
    const parts: Part[] = [];
    let literal = '';
    while (this.pos < this.text.length) {
      if (this.text.startsWith('\\${', this.pos)) {
        literal += '${';
        this.pos += 3;
      } else if (this.text.startsWith('${', this.pos)) {
        if (literal) parts.push(literal);
        literal = '';
        parts.push(this.parseInterpolation());
      } else {
        literal += this.text[this.pos++];
      }
    }
    if (literal) parts.push(literal);
    return parts;
  }

  private parseInterpolation(): Interpolation {
    this.pos += 2; // ${
    const resolver = /\s*([A-Za-z_][\w.-]*)\s*:/y;
    resolver.lastIndex = this.pos;
    const match = resolver.exec(this.text);
    if (match) {
      this.pos = resolver.lastIndex;
      return { kind: 'resolver', name: match[1], args: this.parseArgs() };
    }
    const key: Part[] = [];
    let literal = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail("missing closing '}'");
      const ch = this.text[this.pos];
      if (ch === '}') break;
      if (this.text.startsWith('${', this.pos)) {
        if (literal) key.push(literal);
        literal = '';
        key.push(this.parseInterpolation());
        continue;
      }
      literal += ch;
      this.pos++;
    }
    this.pos++; // }
    if (literal) key.push(literal);
    if (key.length === 0 || (key.length === 1 && typeof key[0] === 'string' && key[0].trim() === '')) {
      this.fail('empty key');
    }
    return { kind: 'node', key };
  }

  private parseArgs(): Arg[] {
    const args: Arg[] = [];
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return args;
    }
    for (;;) {
      args.push(this.parseArg());
      const ch = this.text[this.pos++];
      if (ch === '}') return args;
      if (ch !== ',') this.fail("missing closing '}'");
    }
  }

  private parseArg(): Arg {
    this.skipSpace();
    const quote = this.text[this.pos];
    if (quote === "'" || quote === '"') {
      const end = this.text.indexOf(quote, this.pos + 1);
      if (end < 0) this.fail(`missing closing ${quote}`);
      const value = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
      this.skipSpace();
      return { parts: [value], quoted: true };
    }
    const parts: Part[] = [];
    let literal = '';
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos];
      if (ch === '\\' && ',}\\'.includes(this.text[this.pos + 1] ?? '')) {
        literal += this.text[this.pos + 1];
        this.pos += 2;
      } else if (this.text.startsWith('${', this.pos)) {
        if (literal) parts.push(literal);
        literal = '';
        parts.push(this.parseInterpolation());
      } else if (ch === ',' || ch === '}') {
        break;
      } else {
        literal += ch;
        this.pos++;
      }
    }
    literal = literal.trimEnd();
    if (literal) parts.push(literal);
    if (parts.length === 0) parts.push('');
    return { parts, quoted: false };
  }

  private skipSpace(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }

  private fail(problem: string): never {
    throw ConfigErrors.badInterpolation(this.fullKey, this.text, problem);
  }
}
