/**
 * A small gymnasium-style environment for the agent's tests, speaking the
 * `/reset` + `/step` (+ `/close`) protocol with per-session state keyed by
 * its session cookie. The model must say the row's `answer`; wrong answers
 * get a retry observation, function calls get `info.tool_outputs`.
 */
import { defineResourcesServer, HttpError, SessionStore } from '@gym/server';

export interface QuizOptions {
  supportsClose?: boolean;
  idempotentSteps?: boolean;
  /** /close answers 500. */
  failClose?: boolean;
  /** /step answers this status (with a JSON body) on the given step number. */
  failStep?: { step: number; status: number };
  /** /step answers a body that is not a step reply on the given step number. */
  garbleStep?: number;
  /** /step returns truncated (environment-side time limit) on this step number. */
  truncateAt?: number;
}

interface QuizState {
  steps: number;
}

export function quizEnvironment(opts: QuizOptions = {}) {
  const sessions = new SessionStore<QuizState>();
  const closed: string[] = [];
  const server = defineResourcesServer({
    className: 'QuizEnvironment',
    verify() {
      throw new Error('a gymnasium environment has no /verify');
    },
    aggregateMetrics(body) {
      return { group_level_metrics: [], agent_metrics: { from_environment: body.verify_responses.length }, key_metrics: {} };
    },
    setup(app) {
      app.post('/reset', async (request) => {
        const row = request.body as Record<string, unknown>;
        sessions.set(request.sessionId, { steps: 0 });
        const info: Record<string, unknown> = {};
        if (opts.supportsClose) info.supports_explicit_close = true;
        if (opts.idempotentSteps) info.supports_step_idempotency = true;
        return { observation: (row.reset_observation as string | undefined) ?? null, info };
      });
      app.post('/step', async (request, reply) => {
        const body = request.body as { answer: string; response: { output: Array<Record<string, unknown>> } };
        const state = sessions.get(request.sessionId);
        if (!state) throw new HttpError(409, 'NO_EPISODE', 'no episode for this session: call /reset first');
        state.steps++;
        if (opts.failStep?.step === state.steps) return reply.code(opts.failStep.status).send({ detail: 'environment fault' });
        if (opts.garbleStep === state.steps) return { observation: 5 };
        const calls = body.response.output.filter((item) => item.type === 'function_call');
        if (calls.length) {
          return { observation: null, reward: 0.25, terminated: false, truncated: false, info: { tool_outputs: calls.map((c) => ({ call_id: c.call_id, output: JSON.stringify({ hint: `starts with ${body.answer[0]}` }) })) } };
        }
        if (opts.truncateAt === state.steps) return { observation: null, reward: 0, terminated: false, truncated: true, info: { reason: 'time limit' } };
        const text = body.response.output
          .filter((item) => item.type === 'message')
          .map((item) => (typeof item.content === 'string' ? item.content : (item.content as Array<{ type: string; text: string }>).filter((p) => p.type === 'output_text').map((p) => p.text).join('')))
          .join('');
        if (text.includes(body.answer)) return { observation: null, reward: 1.0, terminated: true, truncated: false, info: { result: 'correct', steps: state.steps } };
        return { observation: `Wrong (${state.steps}), try again.`, reward: 0.0, terminated: false, truncated: false, info: {} };
      });
      app.post('/close', async (request) => {
        closed.push(request.sessionId);
        if (opts.failClose) throw new Error('close failed');
        return {};
      });
    },
  });
  return { server, closed, sessionOf: (id: string) => sessions.get(id) };
}
