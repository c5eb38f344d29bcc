/**
 * Config of a gymnasium_agent instance.
 */
import { Type, type Static } from '@sinclair/typebox';

const serverRef = <T extends string>(type: T) =>
  Type.Object({ type: Type.Literal(type), name: Type.String({ minLength: 1 }) }, { additionalProperties: true });

export const GymnasiumAgentConfig = Type.Object(
  {
    resources_server: serverRef('resources_servers'),
    /** Defaults to the conventional `policy_model` instance. */
    model_server: Type.Optional(serverRef('responses_api_models')),
    /** Model turns (each followed by one /step) before the episode is cut off as truncated. */
    max_steps: Type.Optional(Type.Integer({ minimum: 1 })),
    skip_verification: Type.Optional(Type.Boolean()),
    skip_verification_reward: Type.Optional(Type.Number()),
    token_id_capture: Type.Optional(Type.Boolean()),
    datasets: Type.Optional(Type.Array(Type.Object({ name: Type.String() }, { additionalProperties: true }))),
  },
  { additionalProperties: true },
);
export type GymnasiumAgentConfig = Static<typeof GymnasiumAgentConfig>;

export const DEFAULT_MAX_STEPS = 10;

export function modelServerName(config: GymnasiumAgentConfig): string {
  return config.model_server?.name ?? 'policy_model';
}
