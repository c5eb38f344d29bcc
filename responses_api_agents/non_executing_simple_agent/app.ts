/**
 * non_executing_simple_agent: one model turn, tool calls never run. For
 * environments that grade the proposed calls themselves (the verifier reads
 * the function calls in the response). `/run` is seed_session → own
 * /v1/responses → verify with the session cookies threaded. See README.md.
 */
import { defineAgentServer, isMainModule, serve } from '@gym/server';
import type { AggregateMetricsResponse } from '@gym/schemas';
import { modelServerName, NonExecutingSimpleAgentConfig } from './src/config.ts';
import { nextHopCookies, parseModelResponse, parseVerifyResponse, requireOk } from './src/hops.ts';

export const server = defineAgentServer<NonExecutingSimpleAgentConfig>({
  className: 'NonExecutingSimpleAgent',
  configSchema: NonExecutingSimpleAgentConfig,

  // The model call carries no cookies; the caller's are echoed so /run keeps its session for /verify.
  async responses(body, ctx) {
    const model = modelServerName(ctx.config);
    const params = typeof body.input === 'string' ? { ...body, input: [{ role: 'user', content: body.input, type: 'message' }] } : body;
    const res = requireOk(await ctx.client.post(model, '/v1/responses', params), `model server '${model}' POST /v1/responses`);
    const response = parseModelResponse(res.text);
    ctx.forwardCookies({ ...ctx.cookies, ...res.cookies });
    return response;
  },

  async run(body, ctx) {
    const resources = ctx.config.resources_server.name;
    const seed = requireOk(
      await ctx.client.post(resources, '/seed_session', body, { cookies: ctx.cookies }),
      `resources server '${resources}' POST /seed_session`,
    );
    let cookies = nextHopCookies(ctx.cookies, seed.cookies);
    const episode = requireOk(
      await ctx.client.post(ctx.instanceName, '/v1/responses', body.responses_create_params, { cookies }),
      `agent '${ctx.instanceName}' POST /v1/responses`,
    );
    cookies = nextHopCookies(cookies, episode.cookies);
    const verified = requireOk(
      await ctx.client.post(resources, '/verify', { ...body, response: episode.json() }, { cookies }),
      `resources server '${resources}' POST /verify`,
    );
    return parseVerifyResponse(verified.text, resources);
  },

  async aggregateMetrics(body, ctx) {
    const resources = ctx.config.resources_server.name;
    const res = requireOk(await ctx.client.post(resources, '/aggregate_metrics', body), `resources server '${resources}' POST /aggregate_metrics`);
    return res.json<AggregateMetricsResponse>();
  },
});

if (isMainModule(import.meta.url)) await serve(server);
