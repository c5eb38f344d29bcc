/**
 * Score an actual action against the expected one: message vs call dispatch,
 * the single-call comparison, and the multi-call path (cardinality gate,
 * maximum matching, reward mode, failure category).
 */
import { PyJsonDecodeError, pyJsonParse, type PyJsonValue } from '@gym/pysemantics';
import { toolCallsOf, type FunctionCallAction, type PivotAction } from './actions.ts';
import { compareArguments } from './argument-comparison.ts';
import { StepRewardCategory, type ActionComparisonResult, type StepRewardCategoryValue } from './categories.ts';
import type { ToolCallComparatorConfig } from './comparator-config.ts';
import { findMaximumMatching } from './matching.ts';

const result = (reward: number, category: StepRewardCategoryValue): ActionComparisonResult => ({ reward, category });

/** Compare the action a response took (`undefined`: none found) with the expected action. */
export function compareActions(expected: PivotAction, actual: PivotAction | undefined, config: ToolCallComparatorConfig): ActionComparisonResult {
  if (actual === undefined) return result(0.0, StepRewardCategory.NO_ACTION_FOUND);
  if (expected.type === 'message') {
    // Any chat message is accepted: the expected content is stored but never compared.
    return actual.type === 'message'
      ? result(1.0, StepRewardCategory.EXPECTED_CHAT_MESSAGE_FOUND)
      : result(0.0, StepRewardCategory.NO_EXPECTED_CHAT_MESSAGE);
  }
  if (actual.type === 'message') return result(0.0, StepRewardCategory.NO_EXPECTED_TOOL_CALL);
  return compareToolCalls(toolCallsOf(expected), toolCallsOf(actual), config);
}

/**
 * Score a set of calls regardless of emission order. With
 * `parallel_tool_call_rewarding` off, surplus calls are free and a missing
 * call fails; with it on, the gate (`allow_subset`/`allow_superset`) decides
 * which counts are admissible and the reward mode how much they earn.
 */
export function compareToolCalls(expected: FunctionCallAction[], actual: FunctionCallAction[], config: ToolCallComparatorConfig): ActionComparisonResult {
  const e = expected.length;
  const a = actual.length;
  // One against one keeps the single-call categories.
  if (e === 1 && a === 1) return compareToolCall(expected[0], actual[0], config);
  if (!isCallCountAdmissible(e, a, config)) return result(0.0, StepRewardCategory.FUNCTION_CALL_BATCH_LENGTH_DIFFERENT);

  const candidates: number[][] = [];
  const failures: StepRewardCategoryValue[] = [];
  for (const call of expected) {
    const matches: number[] = [];
    let failure: StepRewardCategoryValue = StepRewardCategory.UNEXPECTED_TOOL;
    actual.forEach((candidate, index) => {
      const r = compareToolCall(call, candidate, config);
      if (r.reward === 1.0) matches.push(index);
      // Keep the first reason that got past the tool name: it explains the closest miss.
      else if (failure === StepRewardCategory.UNEXPECTED_TOOL) failure = r.category;
    });
    candidates.push(matches);
    failures.push(failure);
  }

  const matching = findMaximumMatching(candidates);
  const m = matching.size;
  const reward = scoreMatchedCalls(m, e, a, config);
  if (reward === 1.0) return result(reward, e === 1 ? StepRewardCategory.EXPECTED_TOOL_CALL : StepRewardCategory.EXPECTED_TOOL_CALL_BATCH);

  const matchedExpected = new Set(matching.values());
  const unmatched = expected.map((_, i) => i).filter((i) => !matchedExpected.has(i));
  // Only surplus calls left (all expected matched) or only missing ones (every actual used): blame the count.
  if (unmatched.length === 0 || matchedExpected.size === a) return result(reward, StepRewardCategory.FUNCTION_CALL_BATCH_LENGTH_DIFFERENT);
  return result(reward, failures[unmatched[0]]);
}

function isCallCountAdmissible(e: number, a: number, config: ToolCallComparatorConfig): boolean {
  if (a === e || !config.parallel_tool_call_rewarding) return true;
  return a < e ? config.allow_subset : config.allow_superset;
}

function scoreMatchedCalls(m: number, e: number, a: number, config: ToolCallComparatorConfig): number {
  if (!config.parallel_tool_call_rewarding) return m === e ? 1.0 : 0.0;
  if (config.parallel_tool_call_reward_mode === 'f1') return e + a ? (2 * m) / (e + a) : 0.0;
  const required = config.allow_subset ? Math.min(e, a) : e;
  if (config.parallel_tool_call_reward_mode === 'fractional') return required ? m / required : 0.0;
  return m === required ? 1.0 : 0.0;
}

/**
 * One expected call against one actual call. The name is checked first, before
 * any parsing; expected arguments are assumed to be JSON (rows are checked when
 * loaded), actual arguments that do not parse give ARGUMENTS_DECODE_ERROR.
 */
export function compareToolCall(expected: FunctionCallAction, actual: FunctionCallAction, config: ToolCallComparatorConfig): ActionComparisonResult {
  if (expected.name !== actual.name) return result(0.0, StepRewardCategory.UNEXPECTED_TOOL);
  const expectedArgs = pyJsonParse(expected.arguments);
  let actualArgs: PyJsonValue;
  try {
    actualArgs = pyJsonParse(actual.arguments);
  } catch (err) {
    if (err instanceof PyJsonDecodeError) return result(0.0, StepRewardCategory.ARGUMENTS_DECODE_ERROR);
    throw err;
  }
  const category = compareArguments(expectedArgs, actualArgs, config);
  return category === undefined ? result(1.0, StepRewardCategory.EXPECTED_TOOL_CALL) : result(0.0, category);
}
