/**
 * Config of a non_executing_simple_agent instance.
 */
import { Type, type Static } from '@sinclair/typebox';

const serverRef = <T extends string>(type: T) =>
  Type.Object({ type: Type.Literal(type), name: Type.String({ minLength: 1 }) }, { additionalProperties: true });

export const NonExecutingSimpleAgentConfig = Type.Object(
  {
    resources_server: serverRef('resources_servers'),
    /** Defaults to the conventional `policy_model` instance. */
    model_server: Type.Optional(serverRef('responses_api_models')),
    token_id_capture: Type.Optional(Type.Boolean()),
    datasets: Type.Optional(Type.Array(Type.Object({ name: Type.String() }, { additionalProperties: true }))),
  },
  { additionalProperties: true },
);
export type NonExecutingSimpleAgentConfig = Static<typeof NonExecutingSimpleAgentConfig>;

export function modelServerName(config: NonExecutingSimpleAgentConfig): string {
  return config.model_server?.name ?? 'policy_model';
}
