/**
 * The gymnasium-style environment protocol (`/reset` + `/step`) between
 * gymnasium_agent and environments built with `defineGymnasiumServer`.
 * Reply fields are optional with the reference's defaults (observation
 * null, reward 0, not terminated or truncated, info {}), so a reader fills
 * them in and a writer may send them all.
 */
import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import { RunRequest, VerifyRequest } from './gym.ts';

/** Body of `POST /reset`: the dataset row. Its fields besides `responses_create_params` are the environment's "metadata". */
export const GymnasiumResetRequest = RunRequest;
export type GymnasiumResetRequest = Static<typeof GymnasiumResetRequest>;

/**
 * Body of `POST /step`: the row plus `response`, the current model turn
 * only. When the environment declared `supports_step_idempotency`, the
 * agent adds a string `_ng_step_request_id` so a retried step is not applied twice.
 */
export const GymnasiumStepRequest = VerifyRequest;
export type GymnasiumStepRequest = Static<typeof GymnasiumStepRequest>;

/** The reset body with an environment's own row fields. */
export function gymnasiumResetRequestWith<T extends TProperties>(metadata: TObject<T>) {
  return Type.Composite([RunRequest, metadata], { additionalProperties: true });
}

/** The step body with an environment's own row fields. */
export function gymnasiumStepRequestWith<T extends TProperties>(metadata: TObject<T>) {
  return Type.Composite([VerifyRequest, metadata], { additionalProperties: true });
}

const Observation = Type.Optional(Type.Union([Type.String(), Type.Null()]));

/** Reply of `/reset`. */
export const GymnasiumResetReply = Type.Object(
  {
    observation: Observation,
    info: Type.Optional(
      Type.Object(
        {
          /** The environment holds resources: the agent POSTs /close when the episode ends, even on failure. */
          supports_explicit_close: Type.Optional(Type.Unknown()),
          /** Each /step carries `_ng_step_request_id` so a retried step is not applied twice. */
          supports_step_idempotency: Type.Optional(Type.Unknown()),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
);
export type GymnasiumResetReply = Static<typeof GymnasiumResetReply>;

/** One answer to a function call of the turn, which the agent turns into a `function_call_output` item. */
export const GymnasiumToolOutput = Type.Object({ call_id: Type.String(), output: Type.String() }, { additionalProperties: true });
export type GymnasiumToolOutput = Static<typeof GymnasiumToolOutput>;

/** Reply of `/step`. */
export const GymnasiumStepReply = Type.Object(
  {
    observation: Observation,
    reward: Type.Optional(Type.Number()),
    terminated: Type.Optional(Type.Boolean()),
    truncated: Type.Optional(Type.Boolean()),
    /** `tool_outputs` answers the turn's function calls; everything else is the environment's own. */
    info: Type.Optional(Type.Object({ tool_outputs: Type.Optional(Type.Array(GymnasiumToolOutput)) }, { additionalProperties: true })),
  },
  { additionalProperties: true },
);
export type GymnasiumStepReply = Static<typeof GymnasiumStepReply>;
