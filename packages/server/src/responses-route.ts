/**
 * `POST /v1/responses`, which model and agent servers both serve: the body
 * is validated as the strict Responses create params, then handed to the
 * spec's `responses` handler.
 */
import { ResponsesCreateParams, type ResponseObject } from '@gym/schemas';
import { requestContext, type GymApp, type GymContext, type RequestContext } from './app.ts';

export interface ServesResponses<C> {
  responses(body: ResponsesCreateParams, ctx: RequestContext<C>): ResponseObject | Promise<ResponseObject>;
}

export function registerResponsesRoute<C>(app: GymApp, ctx: GymContext<C>, spec: ServesResponses<C>): void {
  app.post('/v1/responses', { schema: { body: ResponsesCreateParams } }, async (request, reply) => spec.responses(request.body, requestContext(ctx, request, reply)));
}
