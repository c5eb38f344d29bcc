/**
 * Grading of a proposed calendar (a JSON list of events in the reply) against
 * the expected state: no overlaps, every expected event present with the
 * right duration, inside its window and meeting its constraint. Ported with
 * Python semantics: event ids are keyed by `str()` (so 0.0 is "0.0"), values
 * compare with `==`, and anything that would raise in Python scores 0.
 */
import { PyAttributeError, PyKeyError, PyValueError, pyEquals, pyGetItem, pyJsonLoads, pyNumber, pySplit, pyStr, pyTruthy, pyTypeName } from '@gym/pysemantics';
import { findJsonListSpan } from './json-list.ts';
import { timeToMinutes } from './times.ts';

export type GradeReason =
  | 'pass'
  | 'think_found'
  | 'no_json_list'
  | 'different_number_of_events'
  | 'conflicting_events'
  | 'constraint_violated'
  | 'error_in_grading';

/** The first JSON list containing objects in the text, parsed like json.loads; null if absent or invalid. */
export function extractJsonList(text: string): unknown[] | null {
  const span = findJsonListSpan(text);
  if (!span) return null;
  try {
    return pyJsonLoads(text.slice(span[0], span[1]), { floats: 'pyfloat' }) as unknown[];
  } catch {
    return null;
  }
}

function startAndEnd(event: unknown): [number, number] {
  const start = timeToMinutes(pyGetItem(event, 'start_time'));
  return [start, start + pyNumber(pyGetItem(event, 'duration'))];
}

/** Whether `check` overlaps any event other than those equal to `exclude`. */
export function isEventConflicting(events: unknown[], check: unknown, exclude: unknown): boolean {
  const [start, end] = startAndEnd(check);
  for (const existing of events) {
    if (pyTruthy(exclude) && pyEquals(existing, exclude)) continue;
    const [otherStart, otherEnd] = startAndEnd(existing);
    if (!(end <= otherStart || start >= otherEnd)) return true;
  }
  return false;
}

export function isConstraintSatisfied(event: unknown, expected: unknown): boolean {
  if (!pyEquals(pyGetItem(event, 'duration'), pyGetItem(expected, 'duration'))) return false;
  const minTime = timeToMinutes(pyGetItem(expected, 'min_time'));
  const maxTime = timeToMinutes(pyGetItem(expected, 'max_time'));
  const [start, end] = startAndEnd(event);
  if (start < minTime || end > maxTime) return false;

  const constraint = pyGetItem(expected, 'constraint');
  if (constraint === null) return true;
  if (typeof constraint !== 'string') throw new PyAttributeError(`'${pyTypeName(constraint)}' object has no attribute 'startswith'`);
  if (constraint.startsWith('before ')) return end <= timeToMinutes(constraint.replaceAll('before ', ''));
  if (constraint.startsWith('after ')) return start >= timeToMinutes(constraint.replaceAll('after ', ''));
  if (constraint.startsWith('between ')) {
    const parts = pySplit(constraint.replaceAll('between ', ''), ' and ');
    if (parts.length !== 2) throw new PyValueError(`Invalid 'between' constraint format: ${constraint}`);
    const from = timeToMinutes(parts[0]);
    const to = timeToMinutes(parts[1]);
    return start >= from && end <= to;
  }
  if (constraint.startsWith('at ')) return start === timeToMinutes(constraint.replaceAll('at ', ''));
  return true;
}

export function gradeAssistantResponse(response: string, expCalState: Record<string, unknown>): { reward: 0 | 1; reason: GradeReason } {
  if (response.includes('<think>')) return { reward: 0, reason: 'think_found' };
  if (Object.keys(expCalState).length === 0) return { reward: 1, reason: 'pass' };
  try {
    const calState = extractJsonList(response);
    if (calState === null || calState.length === 0) return { reward: 0, reason: 'no_json_list' };
    const events = new Map<string, unknown>();
    for (const event of calState) events.set(pyStr(pyGetItem(event, 'event_id')), event);
    if (events.size !== Object.keys(expCalState).length) return { reward: 0, reason: 'different_number_of_events' };
    for (const event of calState) if (isEventConflicting(calState, event, event)) return { reward: 0, reason: 'conflicting_events' };
    for (const [id, expected] of Object.entries(expCalState)) {
      if (!events.has(id)) throw new PyKeyError(`'${id}'`);
      if (!isConstraintSatisfied(events.get(id), expected)) return { reward: 0, reason: 'constraint_violated' };
    }
  } catch {
    return { reward: 0, reason: 'error_in_grading' };
  }
  return { reward: 1, reason: 'pass' };
}

