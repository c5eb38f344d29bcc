/**
 * Config of a simple_agent instance and how its step bound is resolved.
 */
import { Type, type Static } from '@sinclair/typebox';
import { agentDataFields, agentServerFields, agentVerificationFields } from '@gym/server';

export const SimpleAgentConfig = Type.Object(
  {
    ...agentServerFields,
    /** Model calls per episode. Unset or null: DEFAULT_MAX_STEPS. 0: unlimited. */
    max_steps: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
    ...agentVerificationFields,
    ...agentDataFields,
  },
  { additionalProperties: true },
);
export type SimpleAgentConfig = Static<typeof SimpleAgentConfig>;

/**
 * The reference loops forever when max_steps is null and the model never
 * answers with a message (reasoning-only turns). Reference configs write
 * `max_steps: null` routinely, so null gets the same safe bound as unset;
 * `0` is the explicit way to ask for no bound.
 */
export const DEFAULT_MAX_STEPS = 64;

/** The step bound to enforce: a positive number, or null for unlimited. */
export function resolveMaxSteps(configured: number | null | undefined): number | null {
  if (configured === undefined || configured === null) return DEFAULT_MAX_STEPS;
  return configured === 0 ? null : configured;
}
