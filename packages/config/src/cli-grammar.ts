/**
 * The Hydra dotlist grammar the reference CLI accepts (`+a.b=1`, `++a=[x,y]`), parsed over an
 * empty base config. Keeping Hydra's rules means commands and docs written for NeMo Gym work
 * unchanged; where Hydra would fail with a stack trace we fail with a message saying what to type.
 */
import type { ConfigTree } from './types.ts';
import { ConfigErrors } from './errors.ts';
import { mergeConfigLayers } from './merge.ts';
import { deepCopy, isMap } from './tree.ts';

export interface CliOverride {
  /** `add` (`+key`) fails if the key exists; `force` (`++key`) adds or overrides. */
  mode: 'add' | 'force';
  key: string[];
  value: unknown;
  word: string;
}

/** Parses CLI words into the override layer (the highest-precedence config layer). */
export function parseCliOverrides(argv: readonly string[]): ConfigTree {
  const tree: ConfigTree = {};
  for (const word of argv) applyOverride(tree, parseOverride(word));
  return tree;
}

export function parseOverride(word: string): CliOverride {
  const match = /^(\+{0,2})([^=]*)=([\s\S]*)$/.exec(word);
  if (!match) throw ConfigErrors.notAnOverride(word);
  const [, plus, rawKey, rawValue] = match;
  const key = rawKey.trim();
  // `~key` deletes in Hydra; there is nothing to delete from an empty base.
  if (key === '' || key.startsWith('~') || key.startsWith('+') || key.split('.').some((s) => s === '')) {
    throw ConfigErrors.notAnOverride(word);
  }
  if (plus === '') throw ConfigErrors.plainOverride(word);
  return { mode: plus === '++' ? 'force' : 'add', key: key.split('.'), value: parseOverrideValue(rawValue, word, key), word };
}

function applyOverride(tree: ConfigTree, override: CliOverride): void {
  let node = tree;
  const parents = override.key.slice(0, -1);
  for (let i = 0; i < parents.length; i++) {
    const next = node[parents[i]];
    if (next === undefined || next === null) node[parents[i]] = {};
    else if (!isMap(next)) throw ConfigErrors.overrideThroughScalar(override.word, parents.slice(0, i + 1).join('.'));
    node = node[parents[i]] as ConfigTree;
  }
  const leaf = override.key[override.key.length - 1];
  const existing = node[leaf];
  if (override.mode === 'add' && Object.hasOwn(node, leaf)) {
    throw ConfigErrors.duplicateAdd(override.word, override.key.join('.'));
  }
  // Hydra's `++` merges a mapping into an existing mapping rather than replacing it.
  node[leaf] =
    isMap(existing) && isMap(override.value)
      ? mergeConfigLayers(existing, override.value)
      : deepCopy(override.value);
}

/** Parses the text after `=` into a typed value. Exported for tests and for the CLI's flag parser. */
export function parseOverrideValue(text: string, word = text, key = 'key'): unknown {
  return new ValueParser(text, word).parseTop(key);
}

const INT = /^[+-]?(?:0|[1-9](?:_?\d)*)$/;
const FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*(?:[eE][+-]?\d+)?|\d(?:_?\d)*\.?(?:[eE][+-]?\d+)|\d(?:_?\d)*\.)$/;
// Characters a backslash may escape in unquoted values, as in Hydra.
const ESCAPABLE = new Set(['\\', '(', ')', '[', ']', '{', '}', ':', '=', ',', ' ', '\t', "'", '"', '$']);

/** Turns an unquoted primitive into int/float/bool/null, or leaves it a string (Hydra's typing). */
export function typePrimitive(text: string): unknown {
  if (INT.test(text)) return Number(text.replaceAll('_', ''));
  if (FLOAT.test(text)) return Number(text.replaceAll('_', ''));
  if (/^[+-]?inf$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (/^true$/i.test(text)) return true;
  if (/^false$/i.test(text)) return false;
  if (/^null$/i.test(text)) return null;
  return text;
}

class ValueParser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly word: string,
  ) {}

  parseTop(key: string): unknown {
    this.skipSpace();
    if (this.pos >= this.text.length) return '';
    const start = this.pos;
    const value = this.parseElement(true);
    this.skipSpace();
    if (this.pos < this.text.length) {
      if (this.text[this.pos] === ',') {
        throw ConfigErrors.ambiguousOverrideValue(this.word, key, this.text.slice(start).trim());
      }
      this.fail(`unexpected '${this.text[this.pos]}' at position ${this.pos + 1}`);
    }
    return value;
  }

  private parseElement(top: boolean): unknown {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === '[') return this.parseList();
    if (ch === '{') return this.parseMap();
    if (ch === "'" || ch === '"') return this.parseQuoted();
    const { raw, escaped } = this.readPrimitive(top ? ',' : ',]}', top);
    if (raw === '' && !escaped) this.fail(`missing value at position ${this.pos + 1}`);
    // Escapes and interpolations mark the text as a literal string, never a number or bool.
    return escaped || raw.includes('${') ? raw : typePrimitive(raw);
  }

  private parseList(): unknown[] {
    this.pos++; // [
    const items: unknown[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.parseElement(false));
      this.skipSpace();
      const ch = this.text[this.pos];
      this.pos++;
      if (ch === ']') return items;
      if (ch !== ',') this.fail(ch === undefined ? "missing closing ']'" : `expected ',' or ']' but found '${ch}'`);
    }
  }

  private parseMap(): ConfigTree {
    this.pos++; // {
    const out: ConfigTree = {};
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      const ch = this.text[this.pos];
      const key = ch === "'" || ch === '"' ? this.parseQuoted() : this.readPrimitive(':,}', false).raw;
      if (key === '') this.fail(`missing key at position ${this.pos + 1}`);
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after key '${key}'`);
      this.pos++;
      out[key] = this.parseElement(false);
      this.skipSpace();
      const end = this.text[this.pos];
      this.pos++;
      if (end === '}') return out;
      if (end !== ',') this.fail(end === undefined ? "missing closing '}'" : `expected ',' or '}' but found '${end}'`);
    }
  }

  private parseQuoted(): string {
    const quote = this.text[this.pos++];
    let out = '';
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos++];
      if (ch === '\\' && (this.text[this.pos] === quote || this.text[this.pos] === '\\')) {
        out += this.text[this.pos++];
      } else if (ch === quote) {
        return out;
      } else {
        out += ch;
      }
    }
    return this.fail(`missing closing ${quote}`);
  }

  /**
   * Reads unquoted text up to a stop character at nesting depth 0. `${…}` is copied through
   * verbatim (it may hold commas and braces) so it stays a raw interpolation for later.
   */
  private readPrimitive(stops: string, top: boolean): { raw: string; escaped: boolean } {
    let out = '';
    let escaped = false;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos];
      if (ch === '\\' && ESCAPABLE.has(this.text[this.pos + 1] ?? '')) {
        out += this.text[this.pos + 1];
        this.pos += 2;
        escaped = true;
        continue;
      }
      if (ch === '$' && this.text[this.pos + 1] === '{') {
        out += this.readInterpolation();
        continue;
      }
      if (stops.includes(ch)) break;
      if (!top && (ch === '[' || ch === '{')) this.fail(`unexpected '${ch}' inside a value at position ${this.pos + 1}`);
      out += ch;
      this.pos++;
    }
    return { raw: out.trim(), escaped };
  }

  private readInterpolation(): string {
    const start = this.pos;
    let depth = 0;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos++];
      if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) return this.text.slice(start, this.pos);
    }
    return this.fail("an interpolation '${' is missing its closing '}'");
  }

  private skipSpace(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }

  private fail(problem: string): never {
    throw ConfigErrors.badOverrideValue(this.word, problem);
  }
}
