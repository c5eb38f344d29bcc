/**
 * Canonical messages to pivot rows: the prefix becomes Responses input items
 * in the row contract's shapes, the assistant turn at the decision point
 * becomes `expected_action`. The turn's own reasoning and text are never
 * labels; they go to provenance. Item ids are derived from the trajectory id
 * and position, so converting the same file twice gives the same rows.
 */
import { createHash } from 'node:crypto';
import { isPyJson } from '@gym/pysemantics';
import type { FunctionCallAction, MessageAction } from '../actions.ts';
import type { CanonMessage, CanonToolCall } from './canonical.ts';

const hex = (seed: string) => createHash('sha256').update(seed).digest('hex').slice(0, 32);

export function toResponsesInput(prefix: CanonMessage[], seed: string): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (const m of prefix) {
    const at = `${seed}:${m.sourceIndex}`;
    if (m.role === 'tool') {
      items.push({ type: 'function_call_output', call_id: m.toolCallId ?? `call_${hex(`${at}:orphan`)}`, output: m.content ?? '' });
    } else if (m.role !== 'assistant') {
      items.push({ role: m.role, content: m.content ?? '', type: 'message' });
    } else {
      const calls = m.toolCalls ?? [];
      if (m.reasoning && m.reasoning.trim() !== '') {
        items.push({ id: `rs_${hex(`${at}:rs`)}`, type: 'reasoning', summary: [{ type: 'summary_text', text: m.reasoning }], status: 'completed' });
      }
      if (m.content !== null && (m.content !== '' || calls.length === 0)) {
        items.push({ id: `msg_${hex(`${at}:msg`)}`, type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: m.content, annotations: [] }] });
      }
      calls.forEach((call, i) => {
        const id = call.id ?? `call_${hex(`${at}:call:${i}`)}`;
        items.push({ type: 'function_call', id, call_id: id, name: call.name, arguments: call.arguments ?? '{}', status: 'completed' });
      });
    }
  }
  return items;
}

export type TargetVerdict =
  | { ok: true; action: FunctionCallAction | MessageAction }
  | { ok: false; reason: 'no_action' | 'malformed_arguments' | 'missing_tool_schema' | 'multi_tool_target'; detail: string; calls?: CanonToolCall[] };

/** The label of an assistant turn, or why the turn cannot be a pivot. */
export function targetOf(turn: CanonMessage, toolNames: Set<string>): TargetVerdict {
  const calls = turn.toolCalls ?? [];
  if (calls.length > 1) return { ok: false, reason: 'multi_tool_target', detail: `${calls.length} tool calls in one turn`, calls };
  if (calls.length === 1) {
    const [call] = calls;
    if (call.arguments === undefined || !isPyJson(call.arguments)) {
      return { ok: false, reason: 'malformed_arguments', detail: `arguments of '${call.name}' are not JSON` };
    }
    if (!toolNames.has(call.name)) return { ok: false, reason: 'missing_tool_schema', detail: `tool '${call.name}' is not among the trajectory's tools` };
    return { ok: true, action: { type: 'function_call', name: call.name, arguments: call.arguments } };
  }
  if (turn.content === null) return { ok: false, reason: 'no_action', detail: 'assistant turn with neither text nor a tool call' };
  return { ok: true, action: { type: 'message', content: turn.content } };
}

/** turn = users in the prefix; step = assistant turns since the last user; depth = assistant turns in the prefix (all 0-based). */
export function positionOf(prefix: CanonMessage[]): { turn: number; step: number; depth: number } {
  let turn = 0;
  let step = 0;
  let depth = 0;
  for (const m of prefix) {
    if (m.role === 'user') {
      turn++;
      step = 0;
    } else if (m.role === 'assistant') {
      step++;
      depth++;
    }
  }
  return { turn, step, depth };
}
