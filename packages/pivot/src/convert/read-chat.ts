/**
 * Chat-completions `messages` (and conversational trajectories) to canonical
 * messages. Reasoning is read from `reasoning_content`, `reasoning` or
 * `thinking`, or from a leading `<think>` block in the content.
 */
import { UnsupportedSourceError, canonToolCall, contentText, splitThink, stripThinkTags, type CanonMessage } from './canonical.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ROLES = new Set(['system', 'user', 'developer', 'assistant', 'tool']);

export interface ChatFieldNames {
  /** Field holding the role (default `role`). */
  role?: string;
  /** Field holding the content (default `content`). */
  content?: string;
  /** Source role → canonical role (e.g. `{human: user, gpt: assistant}`). */
  roleMap?: Record<string, string>;
}

export function readChatMessages(messages: unknown[], names: ChatFieldNames = {}): CanonMessage[] {
  const roleKey = names.role ?? 'role';
  const contentKey = names.content ?? 'content';
  return messages.map((m, sourceIndex) => {
    if (!isObject(m)) throw new UnsupportedSourceError(`message ${sourceIndex} is not an object`);
    const rawRole = m[roleKey];
    const role = typeof rawRole === 'string' ? (names.roleMap?.[rawRole] ?? rawRole) : undefined;
    if (!role || !ROLES.has(role)) throw new UnsupportedSourceError(`message ${sourceIndex} has unsupported role ${JSON.stringify(rawRole ?? null)}`);
    const content = contentText(m[contentKey]);
    if (role === 'tool') {
      const id = [m.tool_call_id, m.call_id, m.id].find((v) => typeof v === 'string' && v !== '') as string | undefined;
      return { role: 'tool', content: content ?? '', toolCallId: id, sourceIndex };
    }
    if (role !== 'assistant') return { role: role as CanonMessage['role'], content: content ?? '', sourceIndex };
    return readAssistant(m, content, sourceIndex);
  });
}

function readAssistant(m: Record<string, unknown>, content: string | null, sourceIndex: number): CanonMessage {
  let text = content;
  let reasoning: string | undefined;
  for (const key of ['reasoning_content', 'reasoning', 'thinking']) {
    const value = m[key];
    if (typeof value === 'string' && value.trim() !== '') {
      reasoning = stripThinkTags(value);
      break;
    }
  }
  if (text !== null) {
    const split = splitThink(text);
    if (split.reasoning !== undefined) {
      reasoning ??= split.reasoning;
      text = split.text;
    }
  }
  const rawCalls = Array.isArray(m.tool_calls) ? m.tool_calls : [];
  const toolCalls = rawCalls.map(canonToolCall).filter((c) => c !== undefined);
  // A call-only turn often carries "" as content; treat it as no text.
  if (toolCalls.length > 0 && text === '') text = null;
  return { role: 'assistant', content: text, reasoning: reasoning || undefined, toolCalls, sourceIndex };
}
