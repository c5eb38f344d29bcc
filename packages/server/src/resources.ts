/**
 * Resources servers: tool routes (`POST /<tool>`), `/seed_session`, `/verify`,
 * `/aggregate_metrics` and `/reverify_mode`.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { AggregateMetricsRequest, RunRequest, VerifyRequest, type AggregateMetricsResponse } from '@gym/schemas';
import { aggregateMetrics } from '@gym/metrics';
import { requestContext, type ConfigTree, type GymContext, type RequestContext } from './app.ts';
import { definitionFromSpec, type ServerDefinition, type ServerSpecBase } from './definition.ts';
import { JudgeError } from './errors.ts';

export interface ToolDefinition<B extends TSchema = TSchema, C = ConfigTree> {
  body: B;
  description?: string;
  handler(args: Static<B>, ctx: RequestContext<C>): unknown | Promise<unknown>;
}

/** Declare a tool with its argument schema; the handler's argument type follows from the schema. */
export function tool<B extends TSchema, C = ConfigTree>(body: B, handler: ToolDefinition<B, C>['handler'], description?: string): ToolDefinition<B, C> {
  return { body, handler, description };
}

export type VerifyResult = { reward: number } & Record<string, unknown>;

export interface ResourcesServerSpec<C, V extends TSchema> extends ServerSpecBase<C> {
  /** Schema of the verify body: the row fields this verifier needs (default: the base VerifyRequest). */
  verifyRequest?: V;
  tools?: Record<string, ToolDefinition<any, C>>;
  /** Set up per-session state from the dataset row. Default: nothing, reply `{}`. */
  seedSession?(row: Static<typeof RunRequest>, ctx: RequestContext<C>): unknown | Promise<unknown>;
  /** Score the response. Return `reward` and any extra fields; the request is echoed back around them. */
  verify(body: Static<V>, ctx: RequestContext<C>): VerifyResult | Promise<VerifyResult>;
  aggregateMetrics?(body: AggregateMetricsRequest, ctx: GymContext<C>): AggregateMetricsResponse | Promise<AggregateMetricsResponse>;
  /** Whether re-running verify on a stored rollout is safe. */
  reverifyMode?: 'stateless' | 'unsupported' | 'unknown';
}

export function defineResourcesServer<C = ConfigTree, V extends TSchema = typeof VerifyRequest>(spec: ResourcesServerSpec<C, V>): ServerDefinition<C> & { spec: ResourcesServerSpec<C, V> } {
  return definitionFromSpec<C, ResourcesServerSpec<C, V>>('resources_servers', spec, (app, ctx) => {
    for (const [name, t] of Object.entries(spec.tools ?? {})) {
      app.post(`/${name}`, { schema: { body: t.body, description: t.description, tags: ['tools'] } }, async (request, reply) =>
        t.handler(request.body, requestContext(ctx, request, reply)),
      );
    }
    app.post('/seed_session', { schema: { body: Type.Object({}, { additionalProperties: true }) } }, async (request, reply) => {
      if (!spec.seedSession) return {};
      const result = await spec.seedSession(request.body as Static<typeof RunRequest>, requestContext(ctx, request, reply));
      return result ?? {};
    });
    const verifySchema = (spec.verifyRequest ?? VerifyRequest) as V;
    app.post('/verify', { schema: { body: verifySchema } }, async (request, reply) => {
      const body = request.body as Static<V> & Record<string, unknown>;
      try {
        return { ...body, ...(await spec.verify(body, requestContext(ctx, request, reply))) };
      } catch (err) {
        if (err instanceof JudgeError) {
          return { ...body, reward: 0.0, _ng_failure_class: 'judge_failed', _ng_failure_judge_error: err.message };
        }
        throw err;
      }
    });
    app.post('/aggregate_metrics', { schema: { body: AggregateMetricsRequest } }, async (request) =>
      spec.aggregateMetrics ? spec.aggregateMetrics(request.body, ctx) : aggregateMetrics(request.body.verify_responses),
    );
    app.get('/reverify_mode', async (_request, reply) => reply.type('application/json').send(JSON.stringify(spec.reverifyMode ?? 'unknown')));
  });
}
