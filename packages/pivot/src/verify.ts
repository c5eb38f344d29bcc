/**
 * The whole verification of one pivot in one pure function: check the row's
 * expected action, normalise the response into an action, compare. The
 * resources server and the CLI tools both call this.
 */
import { parseExpectedAction, type FieldProblem, type PivotAction } from './actions.ts';
import { compareActions } from './action-comparison.ts';
import type { ActionComparisonResult } from './categories.ts';
import { resolveComparatorConfig, type ToolCallComparatorConfig, type ToolCallComparatorConfigInput } from './comparator-config.ts';
import { extractAction } from './response-action.ts';

export interface VerifyToolCallInput {
  /** The row's `expected_action` as received (checked here). */
  expected_action: unknown;
  /** The model's Responses `output` array. */
  output: readonly unknown[];
}

export type VerifyToolCallOutcome =
  | ({ ok: true; expectedAction: PivotAction; actualAction: PivotAction | undefined } & ActionComparisonResult)
  | { ok: false; problem: FieldProblem };

export function verifyToolCall(input: VerifyToolCallInput, config: ToolCallComparatorConfig | ToolCallComparatorConfigInput): VerifyToolCallOutcome {
  const expected = parseExpectedAction(input.expected_action);
  if (!expected.ok) return expected;
  const actual = extractAction(input.output);
  if (!actual.ok) return actual;
  const full = resolveComparatorConfig(config);
  return { ok: true, expectedAction: expected.value, actualAction: actual.value, ...compareActions(expected.value, actual.value, full) };
}
