/**
 * Config of a tool_simulation_agent instance.
 */
import { Type, type Static } from '@sinclair/typebox';

const serverRef = <T extends string>(type: T) =>
  Type.Object({ type: Type.Literal(type), name: Type.String({ minLength: 1 }) }, { additionalProperties: true });

export const ToolSimulationAgentConfig = Type.Object(
  {
    resources_server: serverRef('resources_servers'),
    /** Defaults to the conventional `policy_model` instance. */
    model_server: Type.Optional(serverRef('responses_api_models')),
    skip_verification: Type.Optional(Type.Boolean()),
    skip_verification_reward: Type.Optional(Type.Number()),
    token_id_capture: Type.Optional(Type.Boolean()),
    datasets: Type.Optional(Type.Array(Type.Object({ name: Type.String() }, { additionalProperties: true }))),
  },
  { additionalProperties: true },
);
export type ToolSimulationAgentConfig = Static<typeof ToolSimulationAgentConfig>;

export function modelServerName(config: ToolSimulationAgentConfig): string {
  return config.model_server?.name ?? 'policy_model';
}
