/**
 * Responses create params → Chat Completions create params (spec §5.3).
 *
 * The items of one assistant turn (reasoning, message text, function calls)
 * are buffered and flushed as ONE assistant message, reasoning first as
 * `<think>` text, so the chat template sees the turn the model produced.
 * Anything that is not the model's (user/system/developer messages, tool
 * outputs) flushes the buffer.
 */
import type { ResponsesCreateParams } from '@gym/schemas';
import { modelErrors } from './errors.ts';
import { bundleFromInputItem, type TokenBundle } from './tokens.ts';
import { wrapThink } from './think.ts';

type Obj = Record<string, any>;
export type ChatMessage = Obj & { role: string };
export type ChatParams = Obj & { messages: ChatMessage[] };

export interface ToChatOptions {
  /** Carry RL token ids from input items onto the assistant messages. */
  returnTokenIdInformation: boolean;
}

/** Top-level fields with the same meaning in both APIs. Everything else Responses-only is dropped. */
const SHARED_FIELDS = [
  'model', 'temperature', 'top_p', 'parallel_tool_calls', 'tool_choice', 'metadata', 'user', 'service_tier',
  'store', 'top_logprobs', 'prompt_cache_key', 'safety_identifier',
] as const;

class TurnBuffer {
  readonly messages: ChatMessage[] = [];
  private content = '';
  private toolCalls: Obj[] = [];
  private tokens: TokenBundle | undefined;

  constructor(private readonly withTokens: boolean) {}

  appendText(text: string) {
    this.content += text;
  }

  appendToolCall(call: Obj) {
    this.toolCalls.push(call);
  }

  setTokens(bundle: TokenBundle) {
    this.tokens = bundle;
  }

  /** Emit the buffered turn as one assistant message; `tool_calls` is left out when empty (never `[]`). */
  flush() {
    if (this.content || this.toolCalls.length) {
      const message: ChatMessage = { role: 'assistant', content: this.content || null };
      if (this.toolCalls.length) message.tool_calls = this.toolCalls;
      if (this.withTokens && this.tokens) Object.assign(message, this.tokens);
      this.messages.push(message);
    }
    this.content = '';
    this.toolCalls = [];
    // Ids belong to the turn they were generated in; never let them leak onto a later turn.
    this.tokens = undefined;
  }

  push(message: ChatMessage) {
    this.flush();
    this.messages.push(message);
  }
}

export function responsesToChat(params: ResponsesCreateParams, opts: ToChatOptions): ChatParams {
  const input: Obj[] =
    typeof params.input === 'string' ? [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: params.input }] }] : (params.input as Obj[]);
  const turn = new TurnBuffer(opts.returnTokenIdInformation);
  input.forEach((item, i) => {
    const field = `input[${i}]`;
    if (!item || typeof item !== 'object') throw modelErrors.badInput(field, 'each input item must be an object.');
    convertItem(item, field, turn);
    if (opts.returnTokenIdInformation) {
      const bundle = bundleFromInputItem(item, field);
      if (bundle) turn.setTokens(bundle);
    }
  });
  turn.flush();

  const out: ChatParams = { messages: applyInstructions(turn.messages, params.instructions) };
  for (const key of SHARED_FIELDS) {
    const value = (params as Obj)[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  if (params.max_output_tokens !== undefined && params.max_output_tokens !== null) out.max_tokens = params.max_output_tokens;
  const effort = (params.reasoning as Obj | null | undefined)?.effort;
  if (effort !== undefined && effort !== null) out.reasoning_effort = effort;
  convertTools(params, out);
  return out;
}

function convertItem(item: Obj, field: string, turn: TurnBuffer): void {
  const type = item.type ?? (item.role ? 'message' : undefined);
  switch (type) {
    case 'message':
      return item.role === 'tool' ? turn.push(chatToolMessage(item, field)) : convertMessage(item, field, turn);
    case 'reasoning': {
      const texts = Array.isArray(item.summary) ? item.summary.map((s: Obj) => String(s?.text ?? '')) : [];
      turn.appendText(wrapThink(texts));
      return;
    }
    case 'function_call':
      requireString(item, 'call_id', field);
      turn.appendToolCall({ id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } });
      return;
    case 'function_call_output':
      requireString(item, 'call_id', field);
      turn.push({ role: 'tool', tool_call_id: item.call_id, content: toolOutputContent(item.output, `${field}.output`) });
      return;
    default:
      throw modelErrors.badInput(`${field}.type`, `unsupported input item type ${JSON.stringify(type ?? null)}; expected message, reasoning, function_call or function_call_output.`);
  }
}

function convertMessage(item: Obj, field: string, turn: TurnBuffer): void {
  const { role, content } = item;
  if (role === 'assistant') {
    turn.appendText(assistantText(content, `${field}.content`));
    // Chat-style history (`tool_calls` inline on the assistant message) is accepted as well.
    if (Array.isArray(item.tool_calls)) for (const call of item.tool_calls) turn.appendToolCall(call);
    return;
  }
  if (role !== 'user' && role !== 'system' && role !== 'developer') {
    throw modelErrors.badInput(`${field}.role`, `unsupported role ${JSON.stringify(role)}; expected user, system, developer, assistant or tool.`);
  }
  turn.push({ role, content: userContent(content, `${field}.content`) });
}

function assistantText(content: unknown, field: string): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (Array.isArray(content)) return content.map((p: Obj) => (typeof p?.text === 'string' ? p.text : '')).join('');
  throw modelErrors.badInput(field, 'assistant content must be a string or a list of parts.');
}

function userContent(content: unknown, field: string): unknown {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw modelErrors.badInput(field, 'message content must be a string or a list of parts.');
  return content.map((part: Obj, j: number) => {
    switch (part?.type) {
      case 'input_text':
        return { type: 'text', text: part.text };
      case 'input_image':
        return { type: 'image_url', image_url: { url: part.image_url ?? '', detail: part.detail ?? 'auto' } };
      case 'input_video':
        return { type: 'video_url', video_url: { url: part.video_url ?? '' } };
      default:
        throw modelErrors.badInput(`${field}[${j}].type`, `unsupported content part type ${JSON.stringify(part?.type ?? null)}; expected input_text, input_image or input_video.`);
    }
  });
}

function toolOutputContent(output: unknown, field: string): unknown {
  if (typeof output === 'string') return output;
  if (!Array.isArray(output)) throw modelErrors.badInput(field, 'a function_call_output must be a string or a list of input_text parts.');
  return output.map((part: Obj, j: number) => {
    if (part?.type !== 'input_text') throw modelErrors.badInput(`${field}[${j}].type`, `unsupported tool output part type ${JSON.stringify(part?.type ?? null)}; only input_text is supported.`);
    return { type: 'text', text: part.text };
  });
}

function chatToolMessage(item: Obj, field: string): ChatMessage {
  requireString(item, 'tool_call_id', field);
  return { role: 'tool', tool_call_id: item.tool_call_id, content: item.content };
}

function requireString(item: Obj, key: string, field: string) {
  if (typeof item[key] !== 'string') throw modelErrors.badInput(`${field}.${key}`, 'Field required (a string).');
}

/** `instructions` become system message #0, absorbing the leading run of system/developer messages. */
function applyInstructions(messages: ChatMessage[], instructions: string | null | undefined): ChatMessage[] {
  if (!instructions) return messages;
  let lead = 0;
  while (lead < messages.length && (messages[lead].role === 'system' || messages[lead].role === 'developer')) lead++;
  const texts = [instructions, ...messages.slice(0, lead).map((m) => textOf(m.content))];
  return [{ role: 'system', content: texts.join('\n\n') }, ...messages.slice(lead)];
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p: Obj) => (typeof p?.text === 'string' ? p.text : '')).join('');
  return '';
}

/** Responses function tools → chat tools; with no tools, tool_choice/parallel_tool_calls go (and "required" is an error). */
function convertTools(params: ResponsesCreateParams, out: ChatParams): void {
  const tools = params.tools ?? [];
  if (tools.length) {
    out.tools = tools.map((tool, i) => {
      if (tool.type !== 'function') {
        throw modelErrors.badInput(`tools[${i}].type`, `only function tools can be sent to a chat completions model, got ${JSON.stringify(tool.type)}.`);
      }
      const fn: Obj = { name: tool.name };
      if (tool.description !== undefined && tool.description !== null) fn.description = tool.description;
      if (tool.parameters !== undefined && tool.parameters !== null) fn.parameters = tool.parameters;
      return { type: 'function', function: fn };
    });
    // Responses names a forced function at the top level; chat nests it under `function`.
    const choice = out.tool_choice as Obj | undefined;
    if (choice && typeof choice === 'object' && choice.type === 'function' && typeof choice.name === 'string' && !choice.function) {
      out.tool_choice = { type: 'function', function: { name: choice.name } };
    }
    return;
  }
  const choice = params.tool_choice;
  if (choice !== undefined && choice !== null && choice !== 'auto' && choice !== 'none') {
    throw modelErrors.badInput('tool_choice', `${JSON.stringify(choice)} requires at least one tool in \`tools\`.`);
  }
  delete out.tool_choice;
  delete out.parallel_tool_calls;
}
