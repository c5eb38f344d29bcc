/** The replay_model config, checked at start-up. */
import { Type, type Static } from '@gym/schemas';

export const ReplayModelConfigSchema = Type.Object(
  {
    /** Rollout JSONL files, relative to the repo root. Default: every example_rollouts.jsonl of the repo's servers. */
    rollouts_jsonl_fpaths: Type.Optional(Type.Union([Type.Array(Type.String({ minLength: 1 })), Type.Null()])),
    /** What to answer when nothing matches: a 404, a fixed message, or a call of the first tool. */
    fallback_policy: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('message'), Type.Literal('first_tool')])),
    fallback_message: Type.Optional(Type.String()),
    /** The model name reported in responses. */
    model: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: true },
);
export type ReplayModelConfig = Static<typeof ReplayModelConfigSchema>;
