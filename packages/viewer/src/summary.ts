/**
 * The small record the index keeps per rollout line: what the list shows and
 * filters on. Everything else is read back from disk when a rollout is opened.
 */
import { numericFields, usageFields } from '@gym/metrics';

type Row = Record<string, unknown>;

export interface RolloutSummary {
  /** 0-based position among the readable rollouts (file order): the id in `/api/rollouts/:i`. */
  i: number;
  /** 1-based line number in the file. */
  line: number;
  offset: number;
  length: number;
  reward: number | null;
  task: number | null;
  rollout: number | null;
  agent: string | null;
  responseId: string | null;
  /** Start of the first user message, for the list. */
  preview: string;
  /** Number of function calls in `response.output`. */
  toolCalls: number;
  outputTokens: number | null;
}

export const PREVIEW_CHARS = 120;

const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Plain text of a message's content: a string, or the text of its parts. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (isRow(part) ? (typeof part.text === 'string' ? part.text : typeof part.refusal === 'string' ? part.refusal : '') : ''))
    .filter(Boolean)
    .join('\n\n');
}

function firstUserText(input: unknown): string {
  if (typeof input === 'string') return input;
  if (!Array.isArray(input)) return '';
  const user = input.find((item) => isRow(item) && item.role === 'user');
  return user ? contentText((user as Row).content) : '';
}

/**
 * A short single-line copy (the page adds the ellipsis). The copy is made
 * through JSON so V8 does not keep a "sliced string" that pins the whole,
 * possibly huge, message in memory for as long as the index lives.
 */
function oneLine(text: string, max: number): string {
  const flat = text.slice(0, max * 4).replace(/\s+/g, ' ').trim();
  return JSON.parse(JSON.stringify(flat.slice(0, max))) as string;
}

/** Why a parsed line cannot be shown as a rollout, or undefined when it can. */
export function rolloutProblem(value: unknown): string | undefined {
  if (!isRow(value)) return `expected a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`;
  return undefined;
}

/** Summarise a parsed rollout line (an object) found at `line`/`offset`. */
export function summarizeRollout(row: Row, at: { i: number; line: number; offset: number; length: number }): RolloutSummary {
  const params = isRow(row.responses_create_params) ? row.responses_create_params : {};
  const response = isRow(row.response) ? row.response : {};
  const output = Array.isArray(response.output) ? response.output : [];
  const usage = isRow(response.usage) ? response.usage : {};
  const agentRef = isRow(row.agent_ref) ? row.agent_ref : {};
  return {
    ...at,
    reward: finite(row.reward),
    task: finite(row._ng_task_index),
    rollout: finite(row._ng_rollout_index),
    agent: typeof agentRef.name === 'string' ? agentRef.name : null,
    responseId: typeof response.id === 'string' ? response.id : null,
    preview: oneLine(firstUserText(params.input), PREVIEW_CHARS),
    toolCalls: output.filter((item) => isRow(item) && item.type === 'function_call').length,
    outputTokens: finite(usage.output_tokens),
  };
}

/** The numeric fields aggregate metrics are computed over (top level, bools as 0/1, then usage). */
export function metricValues(row: Row): Record<string, number> {
  return { ...numericFields(row), ...usageFields(row) };
}
