/**
 * Model servers: `/v1/responses` (strict Responses create params) and
 * `/v1/chat/completions` (chat params; unknown top-level keys pass).
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { ResponsesCreateParams, type ResponseObject } from '@gym/schemas';
import { requestContext, type ConfigTree, type GymApp, type GymContext, type RequestContext } from './app.ts';
import type { ServerDefinition } from './definition.ts';

export const ChatCompletionCreateParams = Type.Object(
  { messages: Type.Array(Type.Object({ role: Type.String() }, { additionalProperties: true })), model: Type.Optional(Type.Union([Type.String(), Type.Null()])) },
  { additionalProperties: true },
);
export type ChatCompletionCreateParams = { messages: Array<Record<string, unknown> & { role: string }>; model?: string | null } & Record<string, unknown>;

export interface ModelServerSpec<C> {
  className: string;
  configSchema?: TSchema;
  responses(body: ResponsesCreateParams, ctx: RequestContext<C>): ResponseObject | Promise<ResponseObject>;
  chatCompletions?(body: ChatCompletionCreateParams, ctx: RequestContext<C>): unknown | Promise<unknown>;
  setup?(app: GymApp, ctx: GymContext<C>): void | Promise<void>;
}

export function defineModelServer<C = ConfigTree>(spec: ModelServerSpec<C>): ServerDefinition<C> & { spec: ModelServerSpec<C> } {
  return {
    kind: 'responses_api_models',
    className: spec.className,
    configSchema: spec.configSchema,
    spec,
    async register(app, ctx) {
      app.post('/v1/responses', { schema: { body: ResponsesCreateParams } }, async (request, reply) =>
        spec.responses(request.body, requestContext(ctx, request, reply)),
      );
      if (spec.chatCompletions) {
        const chat = spec.chatCompletions;
        app.post('/v1/chat/completions', { schema: { body: ChatCompletionCreateParams } }, async (request, reply) =>
          chat(request.body as ChatCompletionCreateParams, requestContext(ctx, request, reply)),
        );
      }
      await spec.setup?.(app, ctx);
    },
  };
}
