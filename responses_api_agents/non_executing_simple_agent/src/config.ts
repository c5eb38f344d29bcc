/**
 * Config of a non_executing_simple_agent instance.
 */
import { Type, type Static } from '@sinclair/typebox';
import { agentDataFields, agentServerFields } from '@gym/server';

export const NonExecutingSimpleAgentConfig = Type.Object(
  {
    ...agentServerFields,
    ...agentDataFields,
  },
  { additionalProperties: true },
);
export type NonExecutingSimpleAgentConfig = Static<typeof NonExecutingSimpleAgentConfig>;
