/**
 * Actions: what a pivot row expects and what a model response did, in one
 * canonical shape on both sides of a comparison. `parseExpectedAction` checks
 * a row's `expected_action` and names the exact field that is wrong.
 */
import { Type, type Static } from '@sinclair/typebox';
import { PyJsonDecodeError, pyJsonParse } from '@gym/pysemantics';

export const FunctionCallActionSchema = Type.Object(
  { type: Type.Literal('function_call'), name: Type.String(), arguments: Type.String() },
  { additionalProperties: true },
);
export const MessageActionSchema = Type.Object({ type: Type.Literal('message'), content: Type.String() }, { additionalProperties: true });
export const FunctionCallBatchActionSchema = Type.Object(
  { type: Type.Literal('function_call_batch'), calls: Type.Array(FunctionCallActionSchema, { minItems: 1 }) },
  { additionalProperties: true },
);
/** The row field `expected_action`, discriminated on `type` (documentation schema; checks go through parseExpectedAction). */
export const ExpectedActionSchema = Type.Union([FunctionCallActionSchema, MessageActionSchema, FunctionCallBatchActionSchema]);

export interface FunctionCallAction {
  type: 'function_call';
  name: string;
  arguments: string;
}
export interface MessageAction {
  type: 'message';
  content: string;
}
export interface FunctionCallBatchAction {
  type: 'function_call_batch';
  calls: FunctionCallAction[];
}
export type PivotAction = FunctionCallAction | MessageAction | FunctionCallBatchAction;
export type ExpectedAction = Static<typeof ExpectedActionSchema>;

export const ACTION_TYPES = ['function_call', 'message', 'function_call_batch'] as const;

/** A problem with one field of an input, with its dotted path (`expected_action.calls.1.arguments`). */
export interface FieldProblem {
  path: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: FieldProblem };

const fail = (path: string, message: string): { ok: false; problem: FieldProblem } => ({ ok: false, problem: { path, message } });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ParseActionOptions {
  /** Also require every expected `arguments` string to be JSON (the verifier assumes it; default true). */
  checkArgumentsJson?: boolean;
}

/**
 * Check and normalise an `expected_action`: extra keys are dropped, an unknown
 * type or an empty batch is refused, and (by default) arguments that are not
 * JSON are refused up front instead of failing mid-comparison.
 */
export function parseExpectedAction(value: unknown, path = 'expected_action', opts: ParseActionOptions = {}): Parsed<PivotAction> {
  const checkJson = opts.checkArgumentsJson ?? true;
  if (!isObject(value)) return fail(path, `${path} must be an object with a "type" of ${ACTION_TYPES.join(', ')}`);
  switch (value.type) {
    case 'message':
      if (typeof value.content !== 'string') return fail(`${path}.content`, `${path}.content must be a string`);
      return { ok: true, value: { type: 'message', content: value.content } };
    case 'function_call':
      return parseFunctionCall(value, path, checkJson);
    case 'function_call_batch': {
      if (!Array.isArray(value.calls)) return fail(`${path}.calls`, `${path}.calls must be a list of function_call actions`);
      if (value.calls.length === 0) return fail(`${path}.calls`, `${path}.calls must hold at least 1 call`);
      const calls: FunctionCallAction[] = [];
      for (let i = 0; i < value.calls.length; i++) {
        const call = value.calls[i];
        const at = `${path}.calls.${i}`;
        if (!isObject(call) || call.type !== 'function_call') return fail(`${at}.type`, `${at} must be an object with "type": "function_call"`);
        const parsed = parseFunctionCall(call, at, checkJson);
        if (!parsed.ok) return parsed;
        calls.push(parsed.value);
      }
      return { ok: true, value: { type: 'function_call_batch', calls } };
    }
    default:
      return fail(`${path}.type`, `${path}.type must be one of ${ACTION_TYPES.join(', ')}; got ${JSON.stringify(value.type ?? null)}`);
  }
}

function parseFunctionCall(value: Record<string, unknown>, path: string, checkJson: boolean): Parsed<FunctionCallAction> {
  if (typeof value.name !== 'string') return fail(`${path}.name`, `${path}.name must be a string`);
  if (typeof value.arguments !== 'string') {
    const hint = isObject(value.arguments) ? ' holding JSON (dump the object with JSON.stringify)' : '';
    return fail(`${path}.arguments`, `${path}.arguments must be a string${hint}`);
  }
  if (checkJson) {
    try {
      pyJsonParse(value.arguments);
    } catch (err) {
      if (!(err instanceof PyJsonDecodeError)) throw err;
      return fail(`${path}.arguments`, `${path}.arguments is not valid JSON (${err.message})`);
    }
  }
  return { ok: true, value: { type: 'function_call', name: value.name, arguments: value.arguments } };
}

/** The tool calls an action stands for: one, several, or none for a message. */
export function toolCallsOf(action: PivotAction): FunctionCallAction[] {
  if (action.type === 'function_call_batch') return [...action.calls];
  if (action.type === 'function_call') return [action];
  return [];
}
