/**
 * A small stateful resources server for the agent's tests: a weather tool,
 * a per-session counter seeded by /seed_session, a crashing tool, and a
 * verify that rewards the expected counter value. It only works when the
 * session cookie travels seed_session → tools → verify.
 */
import { Type } from '@sinclair/typebox';
import { verifyRequestWith } from '@gym/schemas';
import { defineResourcesServer, HttpError, SessionStore, tool } from '@gym/server';

export function counterResources() {
  const counters = new SessionStore<number>();
  return defineResourcesServer({
    className: 'CounterResources',
    verifyRequest: verifyRequestWith({ expected_count: Type.Optional(Type.Integer()), fail_verify: Type.Optional(Type.String()) }),
    tools: {
      get_weather: tool(Type.Object({ city: Type.String() }), async ({ city }) => ({ city, weather_description: `The weather in ${city} is cold.` })),
      increment_counter: tool(Type.Object({ count: Type.Integer() }), async ({ count }, ctx) => {
        counters.set(ctx.sessionId, (counters.get(ctx.sessionId) ?? 0) + count);
        return { success: true };
      }),
      get_counter_value: tool(Type.Object({}), async (_args, ctx) => ({ count: counters.get(ctx.sessionId) ?? 0 })),
      // Rotates a plain cookie on every call: the next hop must carry the newest value.
      rotate: tool(Type.Object({}), async (_args, ctx) => {
        const seen = ctx.cookies.tool_token ?? null;
        const next = String(Number(seen ?? 0) + 1);
        ctx.reply.setCookie('tool_token', next, { path: '/' });
        return { seen, next };
      }),
      crash: tool(Type.Object({}), async () => {
        throw new Error('tool exploded');
      }),
    },
    seedSession(row, ctx) {
      if ((row as Record<string, unknown>).fail_seed) throw new Error('seed refused');
      counters.set(ctx.sessionId, Number((row as Record<string, unknown>).initial_count ?? 0));
      return {};
    },
    verify(body, ctx) {
      if (body.fail_verify === 'conflict') throw new HttpError(409, 'TEST_CONFLICT', 'session is not active');
      const count = counters.get(ctx.sessionId);
      return { reward: count !== undefined && count === body.expected_count ? 1.0 : 0.0, seen_count: count ?? null };
    },
    aggregateMetrics(body) {
      return { group_level_metrics: [], agent_metrics: { from_resources_server: body.verify_responses.length }, key_metrics: {} };
    },
  });
}
