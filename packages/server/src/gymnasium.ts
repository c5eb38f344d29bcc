/**
 * Gymnasium-style environments, driven by gymnasium_agent:
 * `POST /reset` (body = the dataset row) → `{observation, info}`, then
 * `POST /step` (body = row + `response`, the current model turn) →
 * `{observation, reward, terminated, truncated, info}` until terminated or
 * truncated. There is no /seed_session and no /verify: the step rewards are
 * the grade. Per-session state is keyed by the session cookie and dropped
 * when an episode ends.
 */
import type { Static, TObject, TProperties } from '@sinclair/typebox';
import {
  AggregateMetricsRequest,
  gymnasiumResetRequestWith,
  gymnasiumStepRequestWith,
  type GymnasiumResetReply,
  type GymnasiumStepReply,
  type ResponseObject,
} from '@gym/schemas';
import { aggregateMetrics } from '@gym/metrics';
import { requestContext, type ConfigTree, type RequestContext } from './app.ts';
import { definitionFromSpec, type ServerDefinition, type ServerSpecBase } from './definition.ts';
import { SessionStore } from './sessions-store.ts';

export type GymnasiumInfo = Record<string, unknown>;

export interface GymnasiumResetResult<S> {
  observation: string | null;
  info?: GymnasiumInfo;
  /** Episode state kept for this session until the episode ends. */
  state: S;
}

export interface GymnasiumStepResult<S> {
  observation: string | null;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info?: GymnasiumInfo;
  /** Replaces the session's state when the episode goes on. */
  state?: S;
}

export interface GymnasiumEnvSpec<M extends TProperties, S, C> extends ServerSpecBase<C> {
  /** Row fields besides `responses_create_params` that the environment reads ("metadata"). */
  metadata: TObject<M>;
  reset(metadata: Static<TObject<M>>, ctx: RequestContext<C>): GymnasiumResetResult<S> | Promise<GymnasiumResetResult<S>>;
  /** `state` is undefined when the session has no episode (never reset, or already over). */
  step(action: ResponseObject, metadata: Static<TObject<M>>, state: S | undefined, ctx: RequestContext<C>): GymnasiumStepResult<S> | Promise<GymnasiumStepResult<S>>;
}

/** Text the model said in one turn: string contents as-is, otherwise the `output_text` parts, joined with no separator. */
export function extractText(action: { output: unknown[] }): string {
  const parts: string[] = [];
  for (const item of action.output as Array<Record<string, unknown>>) {
    if (item?.type !== 'message') continue;
    const content = item.content;
    if (typeof content === 'string') parts.push(content);
    else if (Array.isArray(content)) {
      for (const part of content as Array<Record<string, unknown>>) if (part?.type === 'output_text') parts.push(String(part.text ?? ''));
    }
  }
  return parts.join('');
}

/** Everything in the row except the prompt and the model turn. */
function metadataOf(body: Record<string, unknown>): Record<string, unknown> {
  const { responses_create_params: _params, response: _response, ...rest } = body;
  return rest;
}

export function defineGymnasiumServer<M extends TProperties, S, C = ConfigTree>(
  spec: GymnasiumEnvSpec<M, S, C>,
): ServerDefinition<C> & { spec: GymnasiumEnvSpec<M, S, C>; sessions: SessionStore<S> } {
  const sessions = new SessionStore<S>();
  const resetBody = gymnasiumResetRequestWith(spec.metadata);
  const stepBody = gymnasiumStepRequestWith(spec.metadata);
  type Metadata = Static<TObject<M>>;
  const definition = definitionFromSpec<C, GymnasiumEnvSpec<M, S, C>>('resources_servers', spec, (app, ctx) => {
    app.post('/reset', { schema: { body: resetBody } }, async (request, reply): Promise<GymnasiumResetReply> => {
      const rctx = requestContext(ctx, request, reply);
      const body = request.body as Record<string, unknown>;
      const result = await spec.reset(metadataOf(body) as Metadata, rctx);
      sessions.set(rctx.sessionId, result.state);
      return { observation: result.observation, info: result.info ?? {} };
    });
    app.post('/step', { schema: { body: stepBody } }, async (request, reply): Promise<GymnasiumStepReply> => {
      const rctx = requestContext(ctx, request, reply);
      const body = request.body as Record<string, unknown> & { response: ResponseObject };
      const result = await spec.step(body.response, metadataOf(body) as Metadata, sessions.get(rctx.sessionId), rctx);
      if (result.terminated || result.truncated) sessions.delete(rctx.sessionId);
      else if (result.state !== undefined) sessions.set(rctx.sessionId, result.state);
      const { observation, reward, terminated, truncated } = result;
      return { observation, reward, terminated, truncated, info: result.info ?? {} };
    });
    app.post('/aggregate_metrics', { schema: { body: AggregateMetricsRequest } }, async (request) =>
      aggregateMetrics((request.body as AggregateMetricsRequest).verify_responses),
    );
  });
  return { ...definition, sessions };
}
