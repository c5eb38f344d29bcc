/**
 * Responses-style item lists (rollout lines: `responses_create_params.input`
 * followed by `response.output`) to canonical messages. A flattened output
 * list has no turn markers, so one assistant turn is rebuilt as the run of
 * consecutive reasoning / assistant-message / function_call items; a tool
 * output or a non-assistant message ends it.
 */
import { UnsupportedSourceError, argumentsText, contentText, type CanonMessage } from './canonical.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function reasoningText(item: Record<string, unknown>): string {
  const pieces = (list: unknown) => (Array.isArray(list) ? list.filter(isObject).map((p) => (typeof p.text === 'string' ? p.text : '')) : []);
  const summary = pieces(item.summary).filter((t) => t !== '');
  return (summary.length ? summary : pieces(item.content)).join('\n');
}

export function readResponsesItems(items: unknown[]): CanonMessage[] {
  const out: CanonMessage[] = [];
  let turn: CanonMessage | undefined;
  const assistantTurn = (sourceIndex: number): CanonMessage => {
    if (!turn) {
      turn = { role: 'assistant', content: null, toolCalls: [], sourceIndex };
      out.push(turn);
    }
    return turn;
  };
  items.forEach((item, sourceIndex) => {
    if (!isObject(item)) throw new UnsupportedSourceError(`item ${sourceIndex} is not an object`);
    const type = item.type ?? (typeof item.role === 'string' ? 'message' : undefined);
    if (type === 'message' && item.role === 'assistant') {
      const t = assistantTurn(sourceIndex);
      const text = contentText(item.content) ?? '';
      t.content = t.content === null ? text : `${t.content}\n${text}`;
    } else if (type === 'reasoning') {
      const t = assistantTurn(sourceIndex);
      const text = reasoningText(item);
      if (text.trim() !== '') t.reasoning = t.reasoning ? `${t.reasoning}\n${text}` : text;
    } else if (type === 'function_call') {
      if (typeof item.name !== 'string') throw new UnsupportedSourceError(`item ${sourceIndex} is a function_call without a name`);
      const id = [item.call_id, item.id].find((v) => typeof v === 'string' && v !== '') as string | undefined;
      assistantTurn(sourceIndex).toolCalls!.push({ id, name: item.name, arguments: argumentsText(item.arguments) });
    } else if (type === 'function_call_output') {
      turn = undefined;
      const output = typeof item.output === 'string' ? item.output : (contentText(item.output) ?? '');
      out.push({ role: 'tool', content: output, toolCallId: typeof item.call_id === 'string' ? item.call_id : undefined, sourceIndex });
    } else if (type === 'message' && (item.role === 'user' || item.role === 'system' || item.role === 'developer')) {
      turn = undefined;
      out.push({ role: item.role, content: contentText(item.content) ?? '', sourceIndex });
    } else {
      throw new UnsupportedSourceError(`item ${sourceIndex} has unsupported type ${JSON.stringify(type ?? null)}`);
    }
  });
  return out;
}
