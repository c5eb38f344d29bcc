/**
 * Gym's own wire shapes: run, verify and aggregate-metrics bodies shared by
 * agents, resources servers, trainers and the data tools.
 */
import { Type, type Static, type TProperties } from '@sinclair/typebox';
import { ResponseObject, ResponsesCreateParams } from './responses.ts';

export const ServerRefSchema = Type.Object({
  type: Type.Union([Type.Literal('responses_api_models'), Type.Literal('resources_servers'), Type.Literal('responses_api_agents')]),
  name: Type.String(),
});

/** Body of an agent's `POST /run`: a dataset row. Row fields beyond the params are kept. */
export const RunRequest = Type.Object(
  {
    responses_create_params: ResponsesCreateParams,
    _ng_task_index: Type.Optional(Type.Integer()),
    _ng_rollout_index: Type.Optional(Type.Integer()),
    agent_ref: Type.Optional(Type.Union([Type.Object({ name: Type.String() }, { additionalProperties: true }), Type.Null()])),
  },
  { additionalProperties: true },
);
export type RunRequest = Static<typeof RunRequest>;

/** Body of a resources server's `POST /verify`: the row plus the finished response. */
export const VerifyRequest = Type.Composite([RunRequest, Type.Object({ response: ResponseObject })], { additionalProperties: true });
export type VerifyRequest = Static<typeof VerifyRequest>;

/** Reply of `/verify` and `/run`: the request echoed back plus `reward` and any extra fields. */
export const VerifyResponse = Type.Composite([VerifyRequest, Type.Object({ reward: Type.Number() })], { additionalProperties: true });
export type VerifyResponse = Static<typeof VerifyResponse>;

/** Extend the verify request with a server's own row fields (ground truth etc.). */
export function verifyRequestWith<T extends TProperties>(fields: T) {
  return Type.Composite([VerifyRequest, Type.Object(fields)], { additionalProperties: true });
}

export const AggregateMetricsRequest = Type.Object(
  { verify_responses: Type.Array(Type.Object({ _ng_task_index: Type.Optional(Type.Integer()), reward: Type.Optional(Type.Number()) }, { additionalProperties: true })) },
  { additionalProperties: true },
);
export type AggregateMetricsRequest = Static<typeof AggregateMetricsRequest>;

export const AggregateMetricsResponse = Type.Object({
  group_level_metrics: Type.Array(Type.Unknown()),
  agent_metrics: Type.Record(Type.String(), Type.Unknown()),
  key_metrics: Type.Record(Type.String(), Type.Unknown()),
});
export type AggregateMetricsResponse = Static<typeof AggregateMetricsResponse>;

export const SeedSessionResponse = Type.Object({}, { additionalProperties: true });
