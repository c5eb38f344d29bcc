/**
 * Agent servers: `/v1/responses` runs the model/tool loop, `/run` does
 * seed_session → loop → verify, `/aggregate_metrics` summarises verify results.
 */
import type { TSchema } from '@sinclair/typebox';
import { AggregateMetricsRequest, ResponsesCreateParams, RunRequest, type AggregateMetricsResponse, type ResponseObject, type VerifyResponse } from '@gym/schemas';
import { aggregateMetrics } from '@gym/metrics';
import { requestContext, type ConfigTree, type GymApp, type GymContext, type RequestContext } from './app.ts';
import type { ServerDefinition } from './definition.ts';

export interface AgentServerSpec<C> {
  className: string;
  configSchema?: TSchema;
  responses(body: ResponsesCreateParams, ctx: RequestContext<C>): ResponseObject | Promise<ResponseObject>;
  run(body: RunRequest, ctx: RequestContext<C>): VerifyResponse | Record<string, unknown> | Promise<VerifyResponse | Record<string, unknown>>;
  aggregateMetrics?(body: AggregateMetricsRequest, ctx: RequestContext<C>): AggregateMetricsResponse | Promise<AggregateMetricsResponse>;
  setup?(app: GymApp, ctx: GymContext<C>): void | Promise<void>;
}

export function defineAgentServer<C = ConfigTree>(spec: AgentServerSpec<C>): ServerDefinition<C> & { spec: AgentServerSpec<C> } {
  return {
    kind: 'responses_api_agents',
    className: spec.className,
    configSchema: spec.configSchema,
    spec,
    async register(app, ctx) {
      app.post('/v1/responses', { schema: { body: ResponsesCreateParams } }, async (request, reply) =>
        spec.responses(request.body, requestContext(ctx, request, reply)),
      );
      app.post('/run', { schema: { body: RunRequest } }, async (request, reply) => spec.run(request.body, requestContext(ctx, request, reply)));
      app.post('/aggregate_metrics', { schema: { body: AggregateMetricsRequest } }, async (request, reply) =>
        spec.aggregateMetrics ? spec.aggregateMetrics(request.body, requestContext(ctx, request, reply)) : aggregateMetrics(request.body.verify_responses),
      );
      await spec.setup?.(app, ctx);
    },
  };
}
