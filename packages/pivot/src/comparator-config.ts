/**
 * `tool_call_comparator_config`: the verifier's knobs, their defaults, and the
 * schema the server checks its config against at start-up.
 */
import { Type, type Static } from '@sinclair/typebox';

export const PARALLEL_REWARD_MODES = ['binary_strict', 'fractional', 'f1'] as const;
export type ParallelToolCallRewardMode = (typeof PARALLEL_REWARD_MODES)[number];

export const ToolCallComparatorConfigSchema = Type.Object(
  {
    /** Required: the minimum word-count similarity for multi-word strings (0.5 is the useful maximum). */
    word_count_similarity_threshold: Type.Number(),
    floating_point_comparison_threshold: Type.Optional(Type.Number()),
    /** Master switch: does the NUMBER of calls affect the reward? The three knobs below apply only when true. */
    parallel_tool_call_rewarding: Type.Optional(Type.Boolean()),
    allow_subset: Type.Optional(Type.Boolean()),
    allow_superset: Type.Optional(Type.Boolean()),
    parallel_tool_call_reward_mode: Type.Optional(Type.Union(PARALLEL_REWARD_MODES.map((m) => Type.Literal(m)))),
  },
  { additionalProperties: false },
);
export type ToolCallComparatorConfigInput = Static<typeof ToolCallComparatorConfigSchema>;

export interface ToolCallComparatorConfig {
  word_count_similarity_threshold: number;
  floating_point_comparison_threshold: number;
  parallel_tool_call_rewarding: boolean;
  allow_subset: boolean;
  allow_superset: boolean;
  parallel_tool_call_reward_mode: ParallelToolCallRewardMode;
}

/** Fill the defaults of every optional knob. */
export function resolveComparatorConfig(input: ToolCallComparatorConfigInput): ToolCallComparatorConfig {
  return {
    word_count_similarity_threshold: input.word_count_similarity_threshold,
    floating_point_comparison_threshold: input.floating_point_comparison_threshold ?? 1e-6,
    parallel_tool_call_rewarding: input.parallel_tool_call_rewarding ?? false,
    allow_subset: input.allow_subset ?? false,
    allow_superset: input.allow_superset ?? false,
    parallel_tool_call_reward_mode: input.parallel_tool_call_reward_mode ?? 'binary_strict',
  };
}
