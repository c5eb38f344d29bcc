/**
 * Config of a gymnasium_agent instance.
 */
import { Type, type Static } from '@sinclair/typebox';
import { agentDataFields, agentServerFields, agentVerificationFields } from '@gym/server';

export const GymnasiumAgentConfig = Type.Object(
  {
    ...agentServerFields,
    /** Model turns (each followed by one /step) before the episode is cut off as truncated. */
    max_steps: Type.Optional(Type.Integer({ minimum: 1 })),
    ...agentVerificationFields,
    ...agentDataFields,
  },
  { additionalProperties: true },
);
export type GymnasiumAgentConfig = Static<typeof GymnasiumAgentConfig>;

export const DEFAULT_MAX_STEPS = 10;
