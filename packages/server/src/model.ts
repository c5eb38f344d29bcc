/**
 * Model servers: `/v1/responses` (strict Responses create params) and
 * `/v1/chat/completions` (chat params; unknown top-level keys pass).
 */
import { Type } from '@sinclair/typebox';
import { requestContext, type ConfigTree, type RequestContext } from './app.ts';
import { definitionFromSpec, type ServerDefinition, type ServerSpecBase } from './definition.ts';
import { registerResponsesRoute, type ServesResponses } from './responses-route.ts';

export const ChatCompletionCreateParams = Type.Object(
  { messages: Type.Array(Type.Object({ role: Type.String() }, { additionalProperties: true })), model: Type.Optional(Type.Union([Type.String(), Type.Null()])) },
  { additionalProperties: true },
);
export type ChatCompletionCreateParams = { messages: Array<Record<string, unknown> & { role: string }>; model?: string | null } & Record<string, unknown>;

export interface ModelServerSpec<C> extends ServerSpecBase<C>, ServesResponses<C> {
  chatCompletions?(body: ChatCompletionCreateParams, ctx: RequestContext<C>): unknown | Promise<unknown>;
}

export function defineModelServer<C = ConfigTree>(spec: ModelServerSpec<C>): ServerDefinition<C> & { spec: ModelServerSpec<C> } {
  return definitionFromSpec<C, ModelServerSpec<C>>('responses_api_models', spec, (app, ctx) => {
    registerResponsesRoute(app, ctx, spec);
    if (spec.chatCompletions) {
      const chat = spec.chatCompletions;
      app.post('/v1/chat/completions', { schema: { body: ChatCompletionCreateParams } }, async (request, reply) =>
        chat(request.body as ChatCompletionCreateParams, requestContext(ctx, request, reply)),
      );
    }
  });
}
