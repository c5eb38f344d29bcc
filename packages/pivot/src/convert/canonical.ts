/**
 * The converter's one inner shape: a trajectory as a list of chat-like
 * messages, whatever container it came in (chat `messages`, Responses item
 * lists, a mapped custom format). Readers produce it; row building consumes it.
 */

export interface CanonToolCall {
  /** The source call id, when there is one. */
  id?: string;
  name: string;
  /** JSON text; `undefined` when the source arguments could not be turned into text. */
  arguments: string | undefined;
}

export interface CanonMessage {
  role: 'system' | 'user' | 'developer' | 'assistant' | 'tool';
  /** Text content; null when the source had none (an assistant turn that only calls tools). */
  content: string | null;
  /** Assistant reasoning, `<think>` wrappers removed. */
  reasoning?: string;
  toolCalls?: CanonToolCall[];
  /** Tool replies: the call they answer. */
  toolCallId?: string;
  /** Position in the source list (for provenance and audit lines). */
  sourceIndex: number;
}

/** A source line the reader could not map (unknown role or item type). */
export class UnsupportedSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedSourceError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Text of a content value: a string, or a list of parts whose texts are joined with "\n". */
export function contentText(content: unknown): string | null {
  if (content === null || content === undefined) return null;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const parts: string[] = [];
    for (const part of content) {
      if (typeof part === 'string') parts.push(part);
      else if (isObject(part) && typeof part.text === 'string') parts.push(part.text);
      else if (isObject(part) && typeof part.content === 'string') parts.push(part.content);
    }
    return parts.join('\n');
  }
  return String(content);
}

const THINK = /^\s*<think>([\s\S]*?)<\/think>\s*/;

/** Split a leading `<think>…</think>` block off assistant text. */
export function splitThink(text: string): { reasoning?: string; text: string } {
  const m = THINK.exec(text);
  if (!m) return { text };
  return { reasoning: m[1].trim(), text: text.slice(m[0].length) };
}

/** Remove `<think>` wrappers around a reasoning string. */
export function stripThinkTags(text: string): string {
  let s = text.trim();
  while (s.startsWith('<think>')) s = s.slice('<think>'.length).trimStart();
  while (s.endsWith('</think>')) s = s.slice(0, -'</think>'.length).trimEnd();
  return s;
}

/** Arguments as JSON text: strings are kept, objects dumped, null becomes "{}". */
export function argumentsText(args: unknown): string | undefined {
  if (typeof args === 'string') return args;
  if (args === null || args === undefined) return '{}';
  if (typeof args === 'object') return JSON.stringify(args);
  return undefined;
}

/** A chat (`{id, function:{name, arguments}}`) or flat (`{name, arguments}`) tool call. */
export function canonToolCall(value: unknown): CanonToolCall | undefined {
  if (!isObject(value)) return undefined;
  const fn = isObject(value.function) ? value.function : value;
  if (typeof fn.name !== 'string' || fn.name === '') return undefined;
  const id = [value.id, value.call_id].find((v): v is string => typeof v === 'string' && v !== '');
  return { id, name: fn.name, arguments: argumentsText(fn.arguments) };
}

/** Flatten chat-format tools to the Responses shape with `strict: true`; null optionals are omitted. */
export function flattenTools(tools: unknown): Record<string, unknown>[] {
  if (!Array.isArray(tools)) return [];
  const out: Record<string, unknown>[] = [];
  for (const tool of tools) {
    if (!isObject(tool)) continue;
    const fn = isObject(tool.function) ? tool.function : tool;
    if (typeof fn.name !== 'string') continue;
    const flat: Record<string, unknown> = { type: 'function', strict: true, name: fn.name };
    if (fn.description != null) flat.description = fn.description;
    flat.parameters = fn.parameters ?? { type: 'object', properties: {} };
    out.push(flat);
  }
  return out;
}
