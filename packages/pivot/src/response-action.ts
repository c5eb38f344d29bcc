/**
 * Normalise a model response into the action it took. Calls win over text:
 * every `function_call` item counts, in emission order; text is taken only
 * when there is no call, from the first `output_text` part of the first
 * assistant message that has one. Reasoning and other items are ignored.
 */
import type { FunctionCallAction, Parsed, PivotAction } from './actions.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The action in `output` (a Responses `output` array), or `undefined` when it
 * holds neither a call nor any text (reward 0, NO_ACTION_FOUND). A call item
 * without string `name`/`arguments` is a malformed response, reported with its path.
 */
export function extractAction(output: readonly unknown[], path = 'response.output'): Parsed<PivotAction | undefined> {
  const calls: FunctionCallAction[] = [];
  let text: string | undefined;
  for (let i = 0; i < output.length; i++) {
    const item = output[i];
    if (!isObject(item)) continue;
    if (item.type === 'function_call') {
      for (const field of ['name', 'arguments'] as const) {
        if (typeof item[field] !== 'string') {
          return { ok: false, problem: { path: `${path}.${i}.${field}`, message: `${path}.${i}.${field} must be a string` } };
        }
      }
      calls.push({ type: 'function_call', name: item.name as string, arguments: item.arguments as string });
    } else if (text === undefined && item.type === 'message' && item.role === 'assistant') {
      text = firstOutputText(item.content);
    }
  }
  if (calls.length === 1) return { ok: true, value: calls[0] };
  if (calls.length > 1) return { ok: true, value: { type: 'function_call_batch', calls } };
  if (text !== undefined) return { ok: true, value: { type: 'message', content: text } };
  return { ok: true, value: undefined };
}

/** A refusal-only message has no output_text part, so it yields nothing and the scan moves on. */
function firstOutputText(content: unknown): string | undefined {
  if (!Array.isArray(content)) return undefined;
  for (const part of content) {
    if (isObject(part) && part.type === 'output_text' && typeof part.text === 'string') return part.text;
  }
  return undefined;
}
