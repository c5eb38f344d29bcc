/**
 * tool_simulation_agent: one model turn per row, no tool execution. Rows
 * carry the whole conversation with pre-simulated tool results; the
 * resources server compares the model's next function call(s) with the
 * row's expected action. See README.md.
 */
import { callModel, defineAgentServer, isMainModule, modelServerName, parseVerifyResponse, postHop, serve } from '@gym/server';
import { ToolSimulationAgentConfig } from './src/config.ts';

export const server = defineAgentServer<ToolSimulationAgentConfig>({
  className: 'ToolSimulationAgent',
  configSchema: ToolSimulationAgentConfig,

  // The body goes to the model as it came (a string input stays a string), without cookies.
  async responses(body, ctx) {
    const { response, cookies } = await callModel(ctx.client, modelServerName(ctx.config), body);
    ctx.forwardCookies({ ...ctx.cookies, ...cookies });
    return response;
  },

  // Exactly two calls: this agent's own /v1/responses, then /verify. No session, so no cookies.
  async run(body, ctx) {
    const resources = ctx.config.resources_server.name;
    const episode = await postHop(ctx.client, 'agent', ctx.instanceName, '/v1/responses', body.responses_create_params);
    const response = episode.json<Record<string, unknown>>();
    if (ctx.config.skip_verification) {
      return { ...body, response, reward: ctx.config.skip_verification_reward ?? 0.0, verification_skipped: true };
    }
    const verified = await postHop(ctx.client, 'resources server', resources, '/verify', { ...body, response });
    return parseVerifyResponse(verified.text, resources);
  },
  // No aggregateMetrics: the base computes them here; they are not proxied.
});

if (isMainModule(import.meta.url)) await serve(server);
