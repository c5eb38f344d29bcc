/**
 * Config of a tool_simulation_agent instance.
 */
import { Type, type Static } from '@sinclair/typebox';
import { agentDataFields, agentServerFields, agentVerificationFields } from '@gym/server';

export const ToolSimulationAgentConfig = Type.Object(
  {
    ...agentServerFields,
    ...agentVerificationFields,
    ...agentDataFields,
  },
  { additionalProperties: true },
);
export type ToolSimulationAgentConfig = Static<typeof ToolSimulationAgentConfig>;
