/**
 * Config of a tool_simulation_agent instance.
 */
import { Type, type Static } from '@sinclair/typebox';
import { agentDataFields, agentServerFields } from '@gym/server';

export const ToolSimulationAgentConfig = Type.Object(
  {
    ...agentServerFields,
    skip_verification: Type.Optional(Type.Boolean()),
    skip_verification_reward: Type.Optional(Type.Number()),
    ...agentDataFields,
  },
  { additionalProperties: true },
);
export type ToolSimulationAgentConfig = Static<typeof ToolSimulationAgentConfig>;
