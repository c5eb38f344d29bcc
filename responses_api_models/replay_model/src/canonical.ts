/**
 * The canonical form of a conversation, used to recognise a request as a
 * prefix of a recorded rollout. It keeps what the model saw and decided and
 * drops what may legitimately differ between a recording and a replay:
 * reasoning items, ids, and tool outputs (random values, session ids), of
 * which only the call they answer is kept.
 */
import { createHash } from 'node:crypto';

type Obj = Record<string, any>;
export type CanonicalEntry = readonly unknown[];

export function itemType(item: Obj): string | undefined {
  return item?.type ?? (item?.role ? 'message' : undefined);
}

export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p: Obj) => (typeof p?.text === 'string' ? p.text : typeof p?.refusal === 'string' ? p.refusal : '')).join('');
  return '';
}

/** JSON with sorted keys, so `{"a":1,"b":2}` and `{"b": 2, "a": 1}` agree; non-JSON text is kept as is. */
export function canonicalJson(text: unknown): string {
  if (typeof text !== 'string') return stableStringify(text ?? null);
  try {
    return stableStringify(JSON.parse(text));
  } catch {
    return text;
  }
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value as Obj).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Obj)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Canonical entries of a Responses input. A tool output is identified by the
 * position of the call it answers, not by its call id, so replies whose ids
 * were regenerated still line up.
 */
export function canonicalInput(input: string | Obj[]): CanonicalEntry[] {
  if (typeof input === 'string') return [['message', 'user', input]];
  const callOrdinals = new Map<string, number>();
  const out: CanonicalEntry[] = [];
  for (const item of input) {
    const type = itemType(item);
    switch (type) {
      case 'reasoning':
        break;
      case 'message':
        out.push(['message', String(item.role), textOf(item.content)]);
        break;
      case 'function_call':
        callOrdinals.set(String(item.call_id), callOrdinals.size);
        out.push(['function_call', String(item.name), canonicalJson(item.arguments)]);
        break;
      case 'function_call_output': {
        const ordinal = callOrdinals.get(String(item.call_id));
        out.push(['function_call_output', ordinal ?? `id:${item.call_id}`]);
        break;
      }
      default:
        out.push([String(type)]);
    }
  }
  return out;
}

export interface ConversationKey {
  instructions: string | null | undefined;
  tools: Obj[] | null | undefined;
  input: string | Obj[];
}

/** Tools are compared by their set of names. */
export function toolNames(tools: Obj[] | null | undefined): string[] {
  return [...new Set((tools ?? []).map((t) => String(t?.name ?? t?.type)))].sort();
}

/** Hash of (instructions, tool names, canonical input): the index key. */
export function conversationKey(c: ConversationKey): string {
  const payload = JSON.stringify([c.instructions || null, toolNames(c.tools), canonicalInput(c.input)]);
  return createHash('sha256').update(payload).digest('hex');
}
