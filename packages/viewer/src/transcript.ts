/**
 * Turn one rollout line into what the page shows: metadata (every field the
 * agent and verify added), the response's own fields, sampling params, tools,
 * and the transcript of input + `response.output` items.
 *
 * Numbering follows the reference viewer: a user message starts a new turn
 * (step 0), each function_call adds a step; titles read
 * `Turn t Step s - <what>`. Everything is returned as plain strings; the page
 * inserts them as text, never as HTML.
 */
import { contentText } from './summary.ts';

type Row = Record<string, unknown>;

export type EntryKind = 'system' | 'developer' | 'user' | 'assistant' | 'reasoning' | 'function_call' | 'function_call_output' | 'other';

export interface TranscriptEntry {
  kind: EntryKind;
  /** Whether the item came from `responses_create_params.input` or `response.output`. */
  source: 'input' | 'output';
  turn: number;
  step: number;
  /** `Turn t Step s - <label>`. */
  title: string;
  label: string;
  /** Prose (message text, reasoning, non-JSON tool output). */
  text?: string;
  /** Pretty-printed JSON (tool arguments, JSON tool output, unknown items). */
  code?: string;
  /** Something the reader should know, e.g. arguments that are not valid JSON. */
  note?: string;
}

export interface NamedValue {
  key: string;
  text?: string;
  code?: string;
}

export interface ToolView {
  name: string;
  type: string;
  description: string;
  code: string;
}

export interface RolloutView {
  metadata: NamedValue[];
  response: NamedValue[];
  samplingParams: string;
  /** How many null sampling params were left out of `samplingParams`. */
  nullParams: number;
  tools: ToolView[];
  transcript: TranscriptEntry[];
}

const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const pretty = (v: unknown) => JSON.stringify(v, null, 2) ?? String(v);

/** A JSON string pretty-printed, or undefined when it is not JSON. */
function prettyJsonString(s: string): string | undefined {
  try {
    return pretty(JSON.parse(s));
  } catch {
    return undefined;
  }
}

/** Strings and scalars read best as text; objects and lists as indented JSON. */
function namedValue(key: string, value: unknown): NamedValue {
  if (typeof value === 'string') return { key, text: value };
  if (typeof value === 'object' && value !== null) return { key, code: pretty(value) };
  return { key, text: JSON.stringify(value) ?? String(value) };
}

const ROLE_LABEL: Record<string, [EntryKind, string]> = {
  user: ['user', 'User message'],
  system: ['system', 'System message'],
  developer: ['developer', 'Developer message'],
  assistant: ['assistant', 'Assistant message'],
};

type Body = Omit<TranscriptEntry, 'source' | 'turn' | 'step' | 'title'>;

function messageBody(item: Row): Body {
  const [kind, label] = ROLE_LABEL[String(item.role)] ?? ['other', `Message (role ${String(item.role)})`];
  const content = item.content;
  const parts = Array.isArray(content) ? content : [];
  const other = parts.filter((p) => !isRow(p) || (typeof p.text !== 'string' && typeof p.refusal !== 'string'));
  const text = contentText(content);
  return {
    kind,
    label,
    text,
    ...(other.length ? { code: pretty(other) } : {}),
    ...(!text.trim() && !other.length ? { note: 'Empty message.' } : {}),
  };
}

function functionCallBody(item: Row): Body {
  const name = String(item.name ?? '?');
  const args = item.arguments;
  const label = `Function call - ${name} (tool call ID ${String(item.call_id ?? '?')})`;
  if (typeof args !== 'string') return { kind: 'function_call', label, code: pretty(args) };
  const code = prettyJsonString(args);
  return code === undefined
    ? { kind: 'function_call', label, code: args, note: 'The arguments are not valid JSON.' }
    : { kind: 'function_call', label, code };
}

function functionOutputBody(item: Row): Body {
  const label = `Function call output (tool call ID ${String(item.call_id ?? '?')})`;
  const output = item.output;
  if (typeof output !== 'string') return { kind: 'function_call_output', label, code: pretty(output) };
  const code = prettyJsonString(output);
  return code === undefined ? { kind: 'function_call_output', label, text: output } : { kind: 'function_call_output', label, code };
}

function reasoningBody(item: Row): Body {
  const texts = [item.summary, item.content].flatMap((list) =>
    Array.isArray(list) ? list.flatMap((p) => (isRow(p) && typeof p.text === 'string' ? [p.text] : [])) : [],
  );
  if (texts.length) return { kind: 'reasoning', label: 'Reasoning', text: texts.join('\n\n') };
  const note = item.encrypted_content ? 'The reasoning is encrypted.' : 'No reasoning text was recorded.';
  return { kind: 'reasoning', label: 'Reasoning', note };
}

function itemBody(item: unknown): Body {
  if (!isRow(item)) return { kind: 'other', label: 'Item', code: pretty(item) };
  const type = item.type ?? (item.role ? 'message' : undefined);
  switch (type) {
    case 'message':
      return messageBody(item);
    case 'function_call':
      return functionCallBody(item);
    case 'function_call_output':
      return functionOutputBody(item);
    case 'reasoning':
      return reasoningBody(item);
    default:
      return { kind: 'other', label: String(type ?? 'Item'), code: pretty(item) };
  }
}

/** Input items then output items, numbered by turn and step. */
export function buildTranscript(params: Row, response: Row): TranscriptEntry[] {
  const input = typeof params.input === 'string' ? [{ role: 'user', content: params.input }] : Array.isArray(params.input) ? params.input : [];
  const output = Array.isArray(response.output) ? response.output : [];
  const items = [...input.map((item) => ['input', item] as const), ...output.map((item) => ['output', item] as const)];
  let turn = 0;
  let step = 0;
  return items.map(([source, item]) => {
    if (isRow(item) && item.role === 'user') {
      turn += 1;
      step = 0;
    }
    if (isRow(item) && item.type === 'function_call') step += 1;
    const body = itemBody(item);
    return { ...body, source, turn, step, title: `Turn ${turn} Step ${step} - ${body.label}` };
  });
}

/** Fields of the rollout that are neither the request nor the response: reward, verify fields, indices, agent_ref… */
export const TRANSCRIPT_FIELDS = new Set(['responses_create_params', 'response']);
const RESPONSE_FIELDS = ['id', 'model', 'status', 'usage', 'incomplete_details', 'error', 'created_at'];

export function buildRolloutView(row: Row): RolloutView {
  const params = isRow(row.responses_create_params) ? row.responses_create_params : {};
  const response = isRow(row.response) ? row.response : {};
  const sampling = Object.entries(params).filter(([k]) => k !== 'input' && k !== 'tools');
  const tools = Array.isArray(params.tools) ? params.tools : [];
  return {
    metadata: Object.entries(row)
      .filter(([k]) => !TRANSCRIPT_FIELDS.has(k))
      .map(([k, v]) => namedValue(k, v)),
    response: RESPONSE_FIELDS.filter((k) => response[k] !== undefined && response[k] !== null).map((k) => namedValue(k, response[k])),
    samplingParams: pretty(Object.fromEntries(sampling.filter(([, v]) => v !== null))),
    nullParams: sampling.filter(([, v]) => v === null).length,
    tools: tools.map((tool) => {
      const t = isRow(tool) ? tool : {};
      const fn = isRow(t.function) ? t.function : t; // Chat Completions nests the function; Responses does not.
      return {
        name: String(fn.name ?? t.type ?? '?'),
        type: String(t.type ?? 'function'),
        description: typeof fn.description === 'string' ? fn.description : '',
        code: pretty(fn.parameters ?? tool),
      };
    }),
    transcript: buildTranscript(params, response),
  };
}
