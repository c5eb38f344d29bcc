/**
 * non_executing_simple_agent: one model turn, tool calls never run. For
 * environments that grade the proposed calls themselves (the verifier reads
 * the function calls in the response). `/run` is seed_session → own
 * /v1/responses → verify with the session cookies threaded. See README.md.
 */
import { callModel, defineAgentServer, inputItems, isMainModule, modelServerName, nextHopCookies, parseVerifyResponse, postHop, proxyAggregateMetrics, serve } from '@gym/server';
import { NonExecutingSimpleAgentConfig } from './src/config.ts';

export const server = defineAgentServer<NonExecutingSimpleAgentConfig>({
  className: 'NonExecutingSimpleAgent',
  configSchema: NonExecutingSimpleAgentConfig,

  // The model call carries no cookies; the caller's are echoed so /run keeps its session for /verify.
  async responses(body, ctx) {
    const { response, cookies } = await callModel(ctx.client, modelServerName(ctx.config), { ...body, input: inputItems(body.input) });
    ctx.forwardCookies({ ...ctx.cookies, ...cookies });
    return response;
  },

  async run(body, ctx) {
    const resources = ctx.config.resources_server.name;
    const seed = await postHop(ctx.client, 'resources server', resources, '/seed_session', body, { cookies: ctx.cookies });
    let cookies = nextHopCookies(ctx.cookies, seed.cookies);
    const episode = await postHop(ctx.client, 'agent', ctx.instanceName, '/v1/responses', body.responses_create_params, { cookies });
    cookies = nextHopCookies(cookies, episode.cookies);
    const verified = await postHop(ctx.client, 'resources server', resources, '/verify', { ...body, response: episode.json() }, { cookies });
    return parseVerifyResponse(verified.text, resources);
  },

  aggregateMetrics(body, ctx) {
    return proxyAggregateMetrics(ctx.client, ctx.config.resources_server.name, body);
  },
});

if (isMainModule(import.meta.url)) await serve(server);
