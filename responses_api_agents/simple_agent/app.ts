/**
 * simple_agent: the standard tool-calling agent. `/v1/responses` runs the
 * model/tool loop against one resources server, `/run` wraps it in
 * seed_session → episode → verify. See README.md for the exact rules.
 */
import { defineAgentServer, isMainModule, modelServerName, serve } from '@gym/server';
import { agentAggregateMetrics } from './src/aggregate.ts';
import { resolveMaxSteps, SimpleAgentConfig } from './src/config.ts';
import { runEpisode } from './src/run.ts';
import { runToolLoop } from './src/tool-loop.ts';

export const server = defineAgentServer<SimpleAgentConfig>({
  className: 'SimpleAgent',
  configSchema: SimpleAgentConfig,

  async responses(body, ctx) {
    const maxSteps = resolveMaxSteps(ctx.config.max_steps);
    const result = await runToolLoop(body, ctx.cookies, ctx.client, {
      modelServer: modelServerName(ctx.config),
      resourcesServer: ctx.config.resources_server.name,
      maxSteps,
    });
    if (result.stoppedBy === 'max_steps') {
      ctx.log.warn({ steps: result.steps }, `episode stopped at max_steps=${maxSteps} before the model answered; set max_steps to change the bound (0 = unlimited)`);
    }
    // The caller (usually this agent's own /run) needs both sessions for the next hop.
    ctx.forwardCookies({ ...result.resourcesCookies, ...result.modelCookies });
    return result.response;
  },

  run(body, ctx) {
    return runEpisode(body, ctx.cookies, ctx.client, {
      selfName: ctx.instanceName,
      resourcesServer: ctx.config.resources_server.name,
      skipVerification: ctx.config.skip_verification ?? false,
      skipVerificationReward: ctx.config.skip_verification_reward ?? 0.0,
    });
  },

  aggregateMetrics(body, ctx) {
    return agentAggregateMetrics(body, ctx.client, {
      resourcesServer: ctx.config.resources_server.name,
      skipVerification: ctx.config.skip_verification ?? false,
    });
  },
});

if (isMainModule(import.meta.url)) await serve(server);
