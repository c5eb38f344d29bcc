/**
 * single_step_tool_use_with_argument_comparison: the verifier of pivot
 * datasets. A row holds a conversation prefix and the demonstrator's next
 * action; the policy gets one call, and `/verify` compares the action it took
 * with the expected one (tool name, arguments with Python's type rules,
 * word-count similarity for strings, parallel-call modes). The comparison
 * itself lives in @gym/pivot so the dataset tools share it.
 */
import { Type, type Static } from '@gym/schemas';
import { verifyRequestWith } from '@gym/schemas';
import { ACTION_TYPES, ToolCallComparatorConfigSchema, resolveComparatorConfig, verifyToolCall, type ToolCallComparatorConfig } from '@gym/pivot';
import { defineResourcesServer, isMainModule, serve, serverErrors, type GymApp } from '@gym/server';
import { materializeCreateParams } from './materialize.ts';

export const ServerConfig = Type.Object(
  { tool_call_comparator_config: ToolCallComparatorConfigSchema },
  { additionalProperties: true },
);
export type ServerConfig = Static<typeof ServerConfig>;

/**
 * The action is checked field by field in `verify` (see parseExpectedAction),
 * so a bad one gets a 422 naming the exact field, e.g. `expected_action.calls.1.arguments`.
 */
export const VerifyBody = verifyRequestWith({
  expected_action: Type.Object(
    { type: Type.Union(ACTION_TYPES.map((t) => Type.Literal(t)), { description: 'function_call | message | function_call_batch' }) },
    { additionalProperties: true, description: 'The demonstrator action: {type:"function_call", name, arguments: JSON string} | {type:"message", content} | {type:"function_call_batch", calls:[...]}' },
  ),
});

/** The reply carries only these (plus `reward` and `category`): row provenance is not echoed. */
const ECHOED_KEYS = new Set(['responses_create_params', 'response', 'expected_action', 'reward', 'category']);

const comparatorConfigs = new WeakMap<object, ToolCallComparatorConfig>();
const comparatorConfigOf = (config: ServerConfig) => {
  let resolved = comparatorConfigs.get(config);
  if (!resolved) comparatorConfigs.set(config, (resolved = resolveComparatorConfig(config.tool_call_comparator_config)));
  return resolved;
};

export const server = defineResourcesServer<ServerConfig, typeof VerifyBody>({
  className: 'SingleStepToolUseArgumentComparisonResourcesServer',
  configSchema: ServerConfig,
  verifyRequest: VerifyBody,
  reverifyMode: 'stateless',
  async verify(body, ctx) {
    const outcome = verifyToolCall({ expected_action: body.expected_action, output: body.response.output }, comparatorConfigOf(ctx.config));
    if (!outcome.ok) throw serverErrors.unprocessable(outcome.problem.path, outcome.problem.message);
    return {
      responses_create_params: materializeCreateParams(body.responses_create_params as Record<string, unknown>),
      expected_action: outcome.expectedAction,
      reward: outcome.reward,
      category: outcome.category,
    };
  },
  setup(app: GymApp) {
    // The base echoes the whole request; this verifier's request model ignores extra keys, so drop them here.
    app.addHook('preSerialization', async (request, _reply, payload) => {
      if (request.routeOptions.url !== '/verify' || typeof payload !== 'object' || payload === null || !('reward' in payload)) return payload;
      return Object.fromEntries(Object.entries(payload).filter(([key]) => ECHOED_KEYS.has(key)));
    });
  },
});

if (isMainModule(import.meta.url)) await serve(server);
