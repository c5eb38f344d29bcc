/**
 * example_session_state_mgmt: a per-session integer counter, to show how a
 * resources server keeps state across one rollout's tool calls. The session
 * cookie set on /seed_session comes back on every tool call and on /verify.
 */
import { Type, verifyRequestWith } from '@gym/schemas';
import { defineResourcesServer, isMainModule, serve, serverErrors, SessionStore, tool } from '@gym/server';

export const CounterVerifyRequest = verifyRequestWith({
  expected_count: Type.Integer({ description: 'Value the counter must hold when the rollout ends.' }),
});

export function createCounterServer() {
  const counters = new SessionStore<number>();
  return defineResourcesServer({
    className: 'StatefulCounterResourcesServer',
    // The reward depends on state built by the rollout's tool calls, so a stored rollout cannot be re-verified alone.
    reverifyMode: 'unsupported',
    verifyRequest: CounterVerifyRequest,
    tools: {
      increment_counter: tool(
        Type.Object({ count: Type.Integer() }),
        async (args, ctx) => {
          counters.set(ctx.sessionId, (counters.get(ctx.sessionId) ?? 0) + args.count);
          return { success: true };
        },
        'Add `count` to the counter.',
      ),
      // Takes no arguments: whatever body the model sends is ignored, as the reference does.
      get_counter_value: tool(Type.Unknown(), async (_args, ctx) => ({ count: counters.getOrCreate(ctx.sessionId, () => 0) }), 'Read the counter.'),
    },
    seedSession(row, ctx) {
      const initial_count = (row as Record<string, unknown>).initial_count;
      if (typeof initial_count !== 'number' || !Number.isInteger(initial_count)) {
        const problem = initial_count === undefined ? 'Field required' : 'Input should be a valid integer';
        throw serverErrors.unprocessable('initial_count', `initial_count: ${problem} (the row must carry the counter's starting value)`, initial_count);
      }
      // A session seeded twice keeps its first value.
      counters.getOrCreate(ctx.sessionId, () => initial_count);
      return {};
    },
    verify(body, ctx) {
      const counter = counters.get(ctx.sessionId);
      return { reward: counter !== undefined && counter === body.expected_count ? 1.0 : 0.0 };
    },
  });
}

export const server = createCounterServer();

if (isMainModule(import.meta.url)) await serve(server);
