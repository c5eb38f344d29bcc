/**
 * The checks of one pivot row, in the reference validator's order: JSON and
 * required keys, agent_ref, responses_create_params, expected_action, request
 * model, expected tool among the tools. Each check returns the reason of the
 * first failure (the reason names the field), or the facts the summary needs.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { isPyJson } from '@gym/pysemantics';
import { ResponsesCreateParams } from '@gym/schemas';
import { parseExpectedAction, type FunctionCallAction, type PivotAction } from '../actions.ts';
import { getPath } from './jsonl.ts';

export const REQUIRED_ROW_KEYS = ['responses_create_params', 'expected_action', 'agent_ref'] as const;
export const AGENT_REF_TYPE = 'responses_api_agents';

export interface RowCheckOptions {
  /** Every row's agent_ref.name must equal this. */
  agentRef?: string;
  /** Dotted paths that must be non-null. */
  requireFields?: string[];
  /** Groups of dotted paths; at least one path of each group must be non-null. */
  requireAnyFields?: string[][];
  /** Check that each expected tool is among the row's tools (default true). */
  checkToolNames?: boolean;
  /** Also check the row against the server's request model (strict create params, expected action). */
  checkRequestModel?: boolean;
  /** Accept `function_call_batch` rows (the row contract says singular, so off by default). */
  allowBatch?: boolean;
}

export interface RowFacts {
  agentName: string;
  action: PivotAction;
  inputItems: number;
  tools: number;
}

export type RowCheck = { ok: true; facts: RowFacts } | { ok: false; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (reason: string): RowCheck => ({ ok: false, reason });
const createParamsCheck = TypeCompiler.Compile(ResponsesCreateParams);

/** Tool names as the validator reads them: `name`, else `function.name`. */
export function toolNamesOf(tools: unknown[]): Set<string> {
  const names = new Set<string>();
  for (const tool of tools) {
    if (!isObject(tool)) continue;
    const name = typeof tool.name === 'string' ? tool.name : isObject(tool.function) ? tool.function.name : undefined;
    if (typeof name === 'string') names.add(name);
  }
  return names;
}

export function checkRowText(text: string, opts: RowCheckOptions): RowCheck {
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch (err) {
    return bad(`invalid JSON (${(err as Error).message})`);
  }
  return checkRow(row, opts);
}

export function checkRow(row: unknown, opts: RowCheckOptions): RowCheck {
  if (!isObject(row)) return bad('the row must be a JSON object');
  for (const key of REQUIRED_ROW_KEYS) if (!(key in row)) return bad(`missing required key '${key}'`);
  for (const path of opts.requireFields ?? []) {
    if (getPath(row, path) == null) return bad(`required field '${path}' is missing or null`);
  }
  for (const group of opts.requireAnyFields ?? []) {
    if (group.every((path) => getPath(row, path) == null)) return bad(`none of the fields ${group.map((p) => `'${p}'`).join(', ')} is set`);
  }

  const ref = row.agent_ref;
  if (!isObject(ref)) return bad('agent_ref must be an object {type: "responses_api_agents", name}');
  if (ref.type !== AGENT_REF_TYPE) return bad(`agent_ref.type must be '${AGENT_REF_TYPE}', got ${JSON.stringify(ref.type ?? null)}`);
  if (typeof ref.name !== 'string' || ref.name === '') return bad('agent_ref.name must be a non-empty string');
  if (opts.agentRef !== undefined && ref.name !== opts.agentRef) return bad(`agent_ref.name '${ref.name}' is not the expected '${opts.agentRef}'`);

  const rcp = row.responses_create_params;
  if (!isObject(rcp)) return bad('responses_create_params must be an object');
  if ('metadata' in rcp && rcp.metadata === null) return bad('responses_create_params.metadata is null; omit the key instead');
  if ('tool_choice' in rcp && rcp.tool_choice !== 'auto') {
    return bad(`responses_create_params.tool_choice must be "auto", got ${JSON.stringify(rcp.tool_choice)}`);
  }
  if (!Array.isArray(rcp.input) || rcp.input.length === 0) return bad('responses_create_params.input must be a non-empty list');
  if (!Array.isArray(rcp.tools)) return bad('responses_create_params.tools must be a list');
  if ('parallel_tool_calls' in rcp && typeof rcp.parallel_tool_calls !== 'boolean') {
    return bad('responses_create_params.parallel_tool_calls must be a boolean');
  }

  const actionCheck = checkExpectedAction(row.expected_action, opts.allowBatch ?? false);
  if (typeof actionCheck === 'string') return bad(actionCheck);

  if (opts.checkRequestModel) {
    if (!createParamsCheck.Check(rcp)) {
      const e = createParamsCheck.Errors(rcp).First();
      return bad(`responses_create_params${e?.path.replace(/\//g, '.') ?? ''} fails the request model: ${e?.message ?? 'invalid'}`);
    }
    const parsed = parseExpectedAction(row.expected_action);
    if (!parsed.ok) return bad(parsed.problem.message);
  }

  if (opts.checkToolNames ?? true) {
    const names = toolNamesOf(rcp.tools);
    const calls = actionCheck.type === 'function_call_batch' ? actionCheck.calls : actionCheck.type === 'function_call' ? [actionCheck] : [];
    for (const call of calls) {
      if (!names.has(call.name)) return bad(`expected tool '${call.name}' is not in responses_create_params.tools`);
    }
  }
  return { ok: true, facts: { agentName: ref.name, action: actionCheck, inputItems: rcp.input.length, tools: rcp.tools.length } };
}

/** The action, or the reason it fails the row contract. */
function checkExpectedAction(value: unknown, allowBatch: boolean): PivotAction | string {
  if (!isObject(value)) return 'expected_action must be an object';
  if (value.type === 'message') {
    return typeof value.content === 'string' ? { type: 'message', content: value.content } : 'expected_action.content must be a string';
  }
  if (value.type === 'function_call') return checkCall(value, 'expected_action');
  if (value.type === 'function_call_batch' && allowBatch) {
    if (!Array.isArray(value.calls) || value.calls.length === 0) return 'expected_action.calls must be a non-empty list';
    const calls: FunctionCallAction[] = [];
    for (const [i, call] of value.calls.entries()) {
      if (!isObject(call) || call.type !== 'function_call') return `expected_action.calls.${i} must be a function_call`;
      const checked = checkCall(call, `expected_action.calls.${i}`);
      if (typeof checked === 'string') return checked;
      calls.push(checked);
    }
    return { type: 'function_call_batch', calls };
  }
  const hint = value.type === 'function_call_batch' ? ' (the row contract wants one action per row; pass --allow-batch for parallel-call datasets)' : '';
  return `unsupported expected_action.type ${JSON.stringify(value.type ?? null)}${hint}`;
}

function checkCall(value: Record<string, unknown>, path: string): FunctionCallAction | string {
  if (typeof value.name !== 'string' || value.name === '') return `${path}.name must be a non-empty string`;
  if (typeof value.arguments !== 'string') return `${path}.arguments must be a string holding JSON`;
  if (!isPyJson(value.arguments)) return `${path}.arguments is not valid JSON`;
  return { type: 'function_call', name: value.name, arguments: value.arguments };
}
