/**
 * A fake OpenAI-compatible upstream (vLLM flavoured) for tests: a real HTTP
 * server on 127.0.0.1 that answers `/v1/chat/completions`, `/v1/responses`,
 * `/v1/models` and `/tokenize` from a per-route script, injects failures
 * (status codes, vLLM's context-length 400, hangs, connections closed
 * mid-body, delays) and records every request it received.
 *
 * Token ids follow vLLM's wire format: with `logprobs:true` the choice gets
 * `logprobs.content[]` (tokens as `token_id:N` when `return_tokens_as_token_ids`),
 * with `return_token_ids:true` the reply carries top-level `prompt_token_ids`
 * and `choices[0].token_ids`. The fake tokenizer is one token per code point
 * of a simple chat rendering, so ids are deterministic and checkable.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeRoute = 'chat' | 'responses' | 'tokenize' | 'models';

export interface FakeToolCall {
  name: string;
  arguments: string | Record<string, unknown>;
  id?: string;
}

/** One scripted model turn (used for both chat and responses replies). */
export interface FakeTurn {
  content?: string | null;
  /** Reasoning as a vLLM reasoning parser returns it (`message.reasoning_content`). */
  reasoning_content?: string;
  /** Reasoning under vLLM >= 0.16's name (`message.reasoning`). */
  reasoning?: string;
  tool_calls?: FakeToolCall[];
  finish_reason?: string;
  /** Chat usage to report; default computed from the token counts; null leaves usage out. */
  usage?: Record<string, unknown> | null;
  /** Generation ids; default one per code point of the generated text. */
  generation_token_ids?: number[];
  generation_log_probs?: number[];
  /** Extra fields merged into `choices[0].message` (e.g. a complete token bundle). */
  message_extra?: Record<string, unknown>;
  /** Extra fields merged into the top level of the reply. */
  extra?: Record<string, unknown>;
}

export type FakeAction =
  | { kind: 'turn'; turn: FakeTurn; delayMs?: number }
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string>; delayMs?: number }
  | { kind: 'hang' }
  | { kind: 'close_mid_body' }
  | { kind: 'drop_connection' };

export interface FakeRequest {
  method: string;
  path: string;
  route: FakeRoute | undefined;
  headers: IncomingMessage['headers'];
  body: any;
}

export interface FakeUpstreamOptions {
  /** Model id reported by `/v1/models` and in replies (default `fake-model`). */
  model?: string;
  /** Reply used when a route's script is empty (default: the text `ok`). */
  defaultTurn?: (request: FakeRequest) => FakeTurn;
  /** Initial scripts per route. */
  script?: Partial<Record<FakeRoute, FakeAction[]>>;
}

export interface FakeUpstream {
  /** `http://127.0.0.1:<port>/v1`: what model configs take as base URL. */
  baseUrl: string;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  port: number;
  requests: FakeRequest[];
  requestsTo(route: FakeRoute): FakeRequest[];
  /** Most requests of a route that were open at the same time (answered or not), since start or the last reset. */
  peakConcurrency(route: FakeRoute): number;
  resetPeakConcurrency(): void;
  enqueue(route: FakeRoute, ...actions: FakeAction[]): void;
  /** Answer the next `times` calls of a route with `status` (and an OpenAI-style error body). */
  failNext(route: FakeRoute, times: number, status: number, body?: unknown): void;
  close(): Promise<void>;
}

export const fakeTurn = (turn: FakeTurn, delayMs?: number): FakeAction => ({ kind: 'turn', turn, delayMs });
export const fakeJson = (body: unknown, status = 200, headers?: Record<string, string>): FakeAction => ({ kind: 'json', status, body, headers });
export const fakeError = (status: number, body?: unknown, headers?: Record<string, string>): FakeAction => ({
  kind: 'json',
  status,
  body: body ?? { object: 'error', message: `injected HTTP ${status}`, type: 'InjectedError', param: null, code: status },
  headers,
});
export const fakeHang = (): FakeAction => ({ kind: 'hang' });
export const fakeCloseMidBody = (): FakeAction => ({ kind: 'close_mid_body' });
export const fakeDropConnection = (): FakeAction => ({ kind: 'drop_connection' });
/** vLLM's answer when the prompt plus max_tokens exceed the model's context. */
export const fakeContextLengthError = (): FakeAction =>
  fakeError(400, {
    object: 'error',
    message:
      "This model's maximum context length is 32768 tokens. However, you requested 32818 tokens in the messages, Please reduce the length of the messages. None",
    type: 'BadRequestError',
    param: null,
    code: 400,
  });

const ROUTES: Record<string, FakeRoute> = {
  'POST /v1/chat/completions': 'chat',
  'POST /v1/responses': 'responses',
  'POST /tokenize': 'tokenize',
  'GET /v1/models': 'models',
};

/** One token per code point: deterministic and easy to check in tests. */
export function fakeTokenizeText(text: string): number[] {
  return Array.from(text, (c) => c.codePointAt(0)!);
}

/** The fake chat template: `<|role|>text` per message, then the generation prompt. */
export function fakeRenderChat(messages: unknown[]): string {
  const parts = (messages ?? []).map((m) => {
    const msg = (m ?? {}) as Record<string, unknown>;
    const content = msg.content;
    const text = typeof content === 'string' ? content : Array.isArray(content) ? content.map((p) => String((p as Record<string, unknown>)?.text ?? '')).join('') : '';
    const calls = Array.isArray(msg.tool_calls) ? JSON.stringify(msg.tool_calls) : '';
    return `<|${String(msg.role)}|>${text}${calls}`;
  });
  return `${parts.join('')}<|assistant|>`;
}

export function fakeLogProb(index: number): number {
  return -((index % 7) + 1) / 100;
}

export async function startFakeUpstream(opts: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const model = opts.model ?? 'fake-model';
  const queues: Record<FakeRoute, FakeAction[]> = { chat: [], responses: [], tokenize: [], models: [] };
  for (const [route, actions] of Object.entries(opts.script ?? {})) queues[route as FakeRoute].push(...(actions ?? []));
  const requests: FakeRequest[] = [];
  let callCounter = 0;
  const open: Record<FakeRoute, number> = { chat: 0, responses: 0, tokenize: 0, models: 0 };
  const peak: Record<FakeRoute, number> = { chat: 0, responses: 0, tokenize: 0, models: 0 };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* keep the raw text */
      }
      const path = (req.url ?? '/').split('?')[0];
      const route = ROUTES[`${req.method} ${path}`];
      const recorded: FakeRequest = { method: req.method ?? 'GET', path, route, headers: req.headers, body };
      requests.push(recorded);
      if (!route) return send(res, 404, { detail: 'Not Found' });
      open[route]++;
      peak[route] = Math.max(peak[route], open[route]);
      res.once('close', () => open[route]--);
      const action = queues[route].shift() ?? { kind: 'turn', turn: opts.defaultTurn?.(recorded) ?? { content: 'ok' } };
      void perform(action, route, recorded, res);
    });
  });

  async function perform(action: FakeAction, route: FakeRoute, request: FakeRequest, res: ServerResponse): Promise<void> {
    if (action.kind === 'hang') return; // never answered; close() tears the socket down
    if (action.kind === 'drop_connection') return void res.socket?.destroy();
    if (action.kind === 'close_mid_body') {
      const payload = JSON.stringify(answer(route, { content: 'this reply is cut short' }, request));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) });
      res.write(payload.slice(0, Math.floor(payload.length / 2)));
      setTimeout(() => res.socket?.destroy(), 10);
      return;
    }
    if (action.delayMs) await new Promise((r) => setTimeout(r, action.delayMs));
    if (action.kind === 'json') return send(res, action.status, action.body, action.headers);
    send(res, 200, answer(route, action.turn, request));
  }

  function answer(route: FakeRoute, turn: FakeTurn, request: FakeRequest): unknown {
    const body = (request.body ?? {}) as Record<string, any>;
    callCounter++;
    if (route === 'models') return { object: 'list', data: [{ id: model, object: 'model', created: 1700000000, owned_by: 'fake' }] };
    if (route === 'tokenize') {
      const tokens = fakeTokenizeText(fakeRenderChat(body.messages ?? []));
      return { count: tokens.length, max_model_len: 32768, tokens, token_strs: null };
    }
    if (route === 'responses') return responsesReply(turn, body, model, callCounter);
    return chatReply(turn, body, model, callCounter);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}/v1`,
    origin,
    port,
    requests,
    requestsTo: (route) => requests.filter((r) => r.route === route),
    peakConcurrency: (route) => peak[route],
    resetPeakConcurrency: () => {
      for (const route of Object.keys(peak) as FakeRoute[]) peak[route] = open[route];
    },
    enqueue: (route, ...actions) => void queues[route].push(...actions),
    failNext: (route, times, status, body) => {
      for (let i = 0; i < times; i++) queues[route].push(fakeError(status, body));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(payload);
}

const toolCallId = (call: number, i: number) => `chatcmpl-tool-${call.toString(16).padStart(4, '0')}${i}`;
const argsText = (a: FakeToolCall['arguments']) => (typeof a === 'string' ? a : JSON.stringify(a));

/** The text the fake "generated", which its generation ids spell out. */
function generatedText(turn: FakeTurn): string {
  const reasoning = turn.reasoning_content ?? turn.reasoning;
  const calls = (turn.tool_calls ?? []).map((c) => `<tool_call>${JSON.stringify({ name: c.name, arguments: argsText(c.arguments) })}</tool_call>`);
  return `${reasoning ? `<think>${reasoning}</think>` : ''}${turn.content ?? ''}${calls.join('')}`;
}

function chatReply(turn: FakeTurn, body: Record<string, any>, model: string, call: number): Record<string, unknown> {
  const genIds = turn.generation_token_ids ?? fakeTokenizeText(generatedText(turn));
  const genLogProbs = turn.generation_log_probs ?? genIds.map((_, i) => fakeLogProb(i));
  const promptIds = fakeTokenizeText(fakeRenderChat(body.messages ?? []));
  const message: Record<string, unknown> = { role: 'assistant', content: turn.content === undefined ? null : turn.content, tool_calls: [] };
  if (turn.reasoning_content !== undefined) message.reasoning_content = turn.reasoning_content;
  if (turn.reasoning !== undefined) message.reasoning = turn.reasoning;
  message.tool_calls = (turn.tool_calls ?? []).map((c, i) => ({
    id: c.id ?? toolCallId(call, i),
    type: 'function',
    function: { name: c.name, arguments: argsText(c.arguments) },
  }));
  Object.assign(message, turn.message_extra);
  const choice: Record<string, unknown> = {
    index: 0,
    message,
    finish_reason: turn.finish_reason ?? ((turn.tool_calls ?? []).length ? 'tool_calls' : 'stop'),
    logprobs: null,
    stop_reason: null,
  };
  if (body.logprobs === true) {
    choice.logprobs = {
      content: genIds.map((id, i) => ({
        token: body.return_tokens_as_token_ids ? `token_id:${id}` : String.fromCodePoint(id),
        logprob: genLogProbs[i],
        bytes: null,
        top_logprobs: [],
      })),
    };
  }
  const reply: Record<string, unknown> = {
    id: `chatcmpl-fake-${call}`,
    object: 'chat.completion',
    created: 1700000000 + call,
    model,
    choices: [choice],
  };
  if (body.return_token_ids === true) {
    reply.prompt_token_ids = promptIds;
    choice.token_ids = genIds;
  }
  if (turn.usage !== null) {
    reply.usage = turn.usage ?? {
      prompt_tokens: promptIds.length,
      completion_tokens: genIds.length,
      total_tokens: promptIds.length + genIds.length,
      prompt_tokens_details: null,
    };
  }
  return { ...reply, ...turn.extra };
}

/** A Responses API reply built from a turn, shaped like OpenAI's. */
function responsesReply(turn: FakeTurn, body: Record<string, any>, model: string, call: number): Record<string, unknown> {
  const output: Record<string, unknown>[] = [];
  const reasoning = turn.reasoning_content ?? turn.reasoning;
  if (reasoning) output.push({ id: `rs_fake${call}`, type: 'reasoning', summary: [{ type: 'summary_text', text: reasoning }] });
  if (turn.content || !(turn.tool_calls ?? []).length) {
    output.push({
      id: `msg_fake${call}`,
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: turn.content ?? '', annotations: [] }],
    });
  }
  (turn.tool_calls ?? []).forEach((c, i) => {
    const id = c.id ?? toolCallId(call, i);
    output.push({ id: `fc_${id}`, type: 'function_call', call_id: id, name: c.name, arguments: argsText(c.arguments), status: 'completed' });
  });
  const inputTokens = fakeTokenizeText(JSON.stringify(body.input ?? '')).length;
  const outputTokens = fakeTokenizeText(generatedText(turn)).length;
  return {
    id: `resp_fake${call}`,
    object: 'response',
    created_at: 1700000000 + call,
    model,
    status: turn.finish_reason === 'length' ? 'incomplete' : 'completed',
    incomplete_details: turn.finish_reason === 'length' ? { reason: 'max_output_tokens' } : null,
    error: null,
    instructions: body.instructions ?? null,
    metadata: body.metadata ?? {},
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    temperature: body.temperature ?? 1,
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    usage:
      turn.usage === null
        ? null
        : {
            input_tokens: inputTokens,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: outputTokens,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: inputTokens + outputTokens,
          },
    ...turn.extra,
  };
}
