/**
 * Agent servers: `/v1/responses` runs the model/tool loop, `/run` does
 * seed_session → loop → verify, `/aggregate_metrics` summarises verify results.
 */
import { AggregateMetricsRequest, RunRequest, type AggregateMetricsResponse, type VerifyResponse } from '@gym/schemas';
import { aggregateMetrics } from '@gym/metrics';
import { requestContext, type ConfigTree, type RequestContext } from './app.ts';
import { definitionFromSpec, type ServerDefinition, type ServerSpecBase } from './definition.ts';
import { registerResponsesRoute, type ServesResponses } from './responses-route.ts';

export interface AgentServerSpec<C> extends ServerSpecBase<C>, ServesResponses<C> {
  run(body: RunRequest, ctx: RequestContext<C>): VerifyResponse | Record<string, unknown> | Promise<VerifyResponse | Record<string, unknown>>;
  aggregateMetrics?(body: AggregateMetricsRequest, ctx: RequestContext<C>): AggregateMetricsResponse | Promise<AggregateMetricsResponse>;
}

export function defineAgentServer<C = ConfigTree>(spec: AgentServerSpec<C>): ServerDefinition<C> & { spec: AgentServerSpec<C> } {
  return definitionFromSpec<C, AgentServerSpec<C>>('responses_api_agents', spec, (app, ctx) => {
    registerResponsesRoute(app, ctx, spec);
    app.post('/run', { schema: { body: RunRequest } }, async (request, reply) => spec.run(request.body, requestContext(ctx, request, reply)));
    app.post('/aggregate_metrics', { schema: { body: AggregateMetricsRequest } }, async (request, reply) =>
      spec.aggregateMetrics ? spec.aggregateMetrics(request.body, requestContext(ctx, request, reply)) : aggregateMetrics(request.body.verify_responses),
    );
  });
}
