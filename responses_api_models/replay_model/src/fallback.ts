/**
 * What the replay model answers when no recording matches: an HTTP 404
 * (`none`), a fixed assistant message (`message`), or a call of the first
 * tool with placeholder arguments built from its JSON schema (`first_tool`),
 * which keeps tool-calling pipelines moving in smoke tests.
 */
import { itemType, textOf } from './canonical.ts';

type Obj = Record<string, any>;

export type FallbackPolicy = 'none' | 'message' | 'first_tool';
export const DEFAULT_FALLBACK_MESSAGE = 'This is a replay model and no recorded rollout matches this conversation.';

/** A deterministic placeholder for one JSON-schema value: enum → first value, else by type. */
export function placeholderFor(schema: Obj | undefined): unknown {
  if (!schema || typeof schema !== 'object') return 'example';
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if ('const' in schema) return schema.const;
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants) && variants.length) return placeholderFor(variants.find((v: Obj) => v?.type !== 'null') ?? variants[0]);
  const type = Array.isArray(schema.type) ? (schema.type.find((t: string) => t !== 'null') ?? schema.type[0]) : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    case 'null':
      return null;
    default:
      return 'example';
  }
}

/** Arguments with every required property of the tool's parameters set to its placeholder. */
export function placeholderArguments(parameters: Obj | null | undefined): Obj {
  const args: Obj = {};
  const properties: Obj = parameters?.properties ?? {};
  for (const name of Array.isArray(parameters?.required) ? parameters.required : []) args[name] = placeholderFor(properties[name]);
  return args;
}

export function messageItem(text: string): Obj {
  return { type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] };
}

/** The output items of the fallback turn for `first_tool` / `message`. */
export function fallbackItems(policy: Exclude<FallbackPolicy, 'none'>, request: { input: string | Obj[]; tools?: Obj[] | null }, message: string): Obj[] {
  const tool = (request.tools ?? []).find((t) => t?.type === 'function' && typeof t.name === 'string');
  const last = Array.isArray(request.input) ? request.input[request.input.length - 1] : undefined;
  // After a tool output, calling a tool again could loop forever: answer in words instead.
  if (policy === 'first_tool' && tool && itemType(last ?? {}) !== 'function_call_output') {
    return [{ type: 'function_call', call_id: `call_replay_${Date.now().toString(36)}`, name: tool.name, arguments: JSON.stringify(placeholderArguments(tool.parameters)), status: 'completed' }];
  }
  return [messageItem(message)];
}

/** A short description of the last input item, for the "no match" error. */
export function describeLastItem(input: string | Obj[]): string {
  const last: Obj | undefined = typeof input === 'string' ? { type: 'message', role: 'user', content: input } : input[input.length - 1];
  if (!last) return '(empty input)';
  const type = itemType(last);
  const clip = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);
  if (type === 'message') return `${last.role} message ${clip(textOf(last.content))}`;
  if (type === 'function_call') return `function_call ${last.name}(${clip(String(last.arguments ?? ''))})`;
  if (type === 'function_call_output') return `function_call_output for ${last.call_id}: ${clip(typeof last.output === 'string' ? last.output : textOf(last.output))}`;
  return `${type} item`;
}
