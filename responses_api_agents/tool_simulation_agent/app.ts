/**
 * tool_simulation_agent: one model turn per row, no tool execution. Rows
 * carry the whole conversation with pre-simulated tool results; the
 * resources server compares the model's next function call(s) with the
 * row's expected action. See README.md.
 */
import { callModel, defineAgentServer, isMainModule, modelServerName, parseVerifyResponse, postHop, requestJsonText, sendJsonText, serve, withJsonMember } from '@gym/server';
import { ToolSimulationAgentConfig } from './src/config.ts';

export const server = defineAgentServer<ToolSimulationAgentConfig>({
  className: 'ToolSimulationAgent',
  configSchema: ToolSimulationAgentConfig,

  // The body goes to the model as it came (a string input stays a string), without cookies.
  // Both ways the JSON text is forwarded as it came (after validation), never serialized again.
  async responses(body, ctx) {
    const turn = await callModel(ctx.client, modelServerName(ctx.config), requestJsonText(ctx.request) ?? body);
    ctx.forwardCookies({ ...ctx.cookies, ...turn.cookies });
    return sendJsonText(ctx.reply, turn.text);
  },

  // Exactly two calls: this agent's own /v1/responses, then /verify. No session, so no cookies.
  async run(body, ctx) {
    const resources = ctx.config.resources_server.name;
    const episode = await postHop(ctx.client, 'agent', ctx.instanceName, '/v1/responses', body.responses_create_params);
    if (ctx.config.skip_verification) {
      return { ...body, response: episode.json(), reward: ctx.config.skip_verification_reward ?? 0.0, verification_skipped: true };
    }
    // {...row, response} built from the texts as they came; the verify reply goes back as it came once checked.
    const verifyBody = withJsonMember(body, requestJsonText(ctx.request), 'response', episode.text);
    const verified = await postHop(ctx.client, 'resources server', resources, '/verify', verifyBody);
    parseVerifyResponse(verified.text, resources);
    return sendJsonText(ctx.reply, verified.text);
  },
  // No aggregateMetrics: the base computes them here; they are not proxied.
});

if (isMainModule(import.meta.url)) await serve(server);
