/**
 * gymnasium_agent: drives `/reset` + `/step` resources servers (the
 * gymnasium-style protocol): reset, then model turn → step until the
 * environment ends the episode. The environment's rewards are the result;
 * there is no /verify. See README.md for the exact calls.
 */
import { callModel, defineAgentServer, isMainModule, modelServerName, proxyAggregateMetrics, serve } from '@gym/server';
import { DEFAULT_MAX_STEPS, GymnasiumAgentConfig } from './src/config.ts';
import { runGymnasiumEpisode } from './src/episode.ts';

export const server = defineAgentServer<GymnasiumAgentConfig>({
  className: 'GymnasiumAgent',
  configSchema: GymnasiumAgentConfig,

  // One model call: the body as it came, with the caller's cookies.
  async responses(body, ctx) {
    const { response, cookies } = await callModel(ctx.client, modelServerName(ctx.config), body, ctx.cookies);
    ctx.forwardCookies(cookies);
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

  aggregateMetrics(body, ctx) {
    return proxyAggregateMetrics(ctx.client, ctx.config.resources_server.name, body);
  },
});

if (isMainModule(import.meta.url)) await serve(server);
