/**
 * gymnasium_agent: drives `/reset` + `/step` resources servers (the
 * gymnasium-style protocol): reset, then model turn → step until the
 * environment ends the episode. The environment's rewards are the result;
 * there is no /verify. See README.md for the exact calls.
 */
import { defineAgentServer, isMainModule, serve } from '@gym/server';
import type { AggregateMetricsResponse } from '@gym/schemas';
import { DEFAULT_MAX_STEPS, GymnasiumAgentConfig, modelServerName } from './src/config.ts';
import { runGymnasiumEpisode } from './src/episode.ts';
import { parseModelResponse, requireOk } from './src/hops.ts';

export const server = defineAgentServer<GymnasiumAgentConfig>({
  className: 'GymnasiumAgent',
  configSchema: GymnasiumAgentConfig,

  // One model call: the body as it came, with the caller's cookies.
  async responses(body, ctx) {
    const model = modelServerName(ctx.config);
    const res = requireOk(await ctx.client.post(model, '/v1/responses', body, { cookies: ctx.cookies }), `model server '${model}' POST /v1/responses`);
    const response = parseModelResponse(res.text);
    ctx.forwardCookies(res.cookies);
    return response;
  },

  run(body, ctx) {
    return runGymnasiumEpisode(body, ctx.cookies, ctx.client, {
      modelServer: modelServerName(ctx.config),
      resourcesServer: ctx.config.resources_server.name,
      maxSteps: ctx.config.max_steps ?? DEFAULT_MAX_STEPS,
      onCloseError: (err) => ctx.log.error({ err }, 'closing the environment after a failed episode also failed'),
    });
  },

  async aggregateMetrics(body, ctx) {
    const resources = ctx.config.resources_server.name;
    const res = requireOk(await ctx.client.post(resources, '/aggregate_metrics', body), `resources server '${resources}' POST /aggregate_metrics`);
    return res.json<AggregateMetricsResponse>();
  },
});

if (isMainModule(import.meta.url)) await serve(server);
