// vllm_model routes through inject(), against a real fake vLLM upstream.
import { describe, expect, it } from 'vitest';
import { buildServer, type GymApp } from '@gym/server';
import { fakeContextLengthError, fakeError, fakeHang, fakeJson, fakeRenderChat, fakeTokenizeText, fakeTurn, fakeUpstreamForSuite, serverPerTest, startFakeUpstream } from '@gym/testing';
import { server } from '../app.ts';
import { backendIndex } from '../src/routing.ts';

const fake = fakeUpstreamForSuite();
const model = serverPerTest(server, 'policy_model', () => ({
  entrypoint: 'app.ts',
  base_url: fake().baseUrl,
  api_key: 'sk-upstream-secret',
  model: 'served-model',
  return_token_id_information: false,
  uses_reasoning_parser: true,
  retry_base_delay_ms: 1,
  retry_max_delay_ms: 5,
}));

const post = (app: GymApp, url: string, payload: unknown, cookie?: string) =>
  app.inject({ method: 'POST', url, payload: payload as object, headers: cookie ? { cookie } : {} });

describe('/v1/responses', () => {
  it('converts to chat upstream and back, with the model replaced and the session cookie set', async () => {
    const app = await model();
    fake().enqueue('chat', fakeTurn({ content: 'Hello!' }));
    const res = await post(app, '/v1/responses', { input: 'hi', model: 'whatever', temperature: 0.2 });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.output).toHaveLength(1);
    expect(body.output[0].content[0].text).toBe('Hello!');
    expect(body.model).toBe('served-model');
    expect(body.usage.input_tokens).toBeGreaterThan(0);
    const sent = fake().requestsTo('chat')[0];
    expect(sent.body).toEqual({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], model: 'served-model', temperature: 0.2 });
    expect(sent.headers.authorization).toBe('Bearer sk-upstream-secret');
    expect(String(res.headers['set-cookie'])).toMatch(/^VLLMModel___policy_model=/);
  });

  it('rejects unknown top-level fields (422) and stream: true (400)', async () => {
    const app = await model();
    const unknown = await post(app, '/v1/responses', { input: 'hi', bogus: 1 });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().detail[0].loc).toEqual(['body', 'bogus']);
    const stream = await post(app, '/v1/responses', { input: 'hi', stream: true });
    expect(stream.statusCode).toBe(400);
    expect(stream.json().detail).toContain('stream');
    const required = await post(app, '/v1/responses', { input: 'hi', tool_choice: 'required' });
    expect(required.statusCode).toBe(400);
    expect(required.json().detail).toMatch(/^tool_choice: /);
    expect(fake().requestsTo('chat')).toHaveLength(0);
  });

  it('turns vLLM reasoning_content into a reasoning item, and refuses it with the parser off', async () => {
    const app = await model();
    fake().enqueue('chat', fakeTurn({ reasoning_content: 'let me think', content: 'answer' }));
    const ok = (await post(app, '/v1/responses', { input: 'q' })).json();
    expect(ok.output.map((o: { type: string }) => o.type)).toEqual(['reasoning', 'message']);
    expect(ok.output[0].summary[0].text).toBe('let me think');
    expect(ok.output[1].content[0].text).toBe('answer');

    const strict = await model({ uses_reasoning_parser: false });
    fake().enqueue('chat', fakeTurn({ reasoning: 'hidden', content: 'x' }));
    const res = await post(strict, '/v1/responses', { input: 'q' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toContain('uses_reasoning_parser');
  });

  it('answers a context-length 400 with a 200 incomplete response; other 400s are 500s naming the URL, not the key', async () => {
    const app = await model();
    fake().enqueue('chat', fakeContextLengthError());
    const res = await post(app, '/v1/responses', { input: 'very long' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('incomplete');
    expect(body.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(body.usage).toBeNull();
    expect(body.output).toHaveLength(1);
    expect(body.output[0].content[0].text).toBe('');

    fake().enqueue('chat', fakeError(400, { object: 'error', message: 'temperature must be positive' }));
    const bad = await post(app, '/v1/responses', { input: 'x' });
    expect(bad.statusCode).toBe(500);
    expect(bad.json()).toContain(`${fake().baseUrl}/chat/completions`);
    expect(bad.json()).toContain('temperature must be positive');
    expect(bad.body).not.toContain('sk-upstream-secret');
  });

  it('retries 429/502/503/504/520 within max_retries, and a 500 three times in total', async () => {
    const app = await model();
    for (const status of [429, 502, 503, 504, 520]) fake().failNext('chat', 1, status);
    const ok = await post(app, '/v1/responses', { input: 'x' });
    expect(ok.statusCode).toBe(200);
    expect(fake().requestsTo('chat')).toHaveLength(6);

    fake().requests.length = 0;
    fake().failNext('chat', 3, 500);
    const failed = await post(app, '/v1/responses', { input: 'x' });
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toContain('HTTP 500');
    expect(fake().requestsTo('chat')).toHaveLength(3);

    const limited = await model({ max_retries: 1 });
    fake().requests.length = 0;
    fake().failNext('chat', 2, 503);
    expect((await post(limited, '/v1/responses', { input: 'x' })).statusCode).toBe(500);
    expect(fake().requestsTo('chat')).toHaveLength(2);
  });

  it('gives up on an upstream that hangs past request_timeout_ms', async () => {
    const app = await model({ request_timeout_ms: 150 });
    fake().enqueue('chat', fakeHang());
    const res = await post(app, '/v1/responses', { input: 'x' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toContain('did not answer within 150 ms');
    expect(res.json()).toContain(fake().baseUrl);
  });

  it('skips the upstream call after a reasoning-only turn when sequential reasoning is not allowed', async () => {
    const app = await model({ sequential_reasoning_allowed: false });
    const input = [
      { role: 'user', content: 'q' },
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'thinking' }] },
    ];
    const res = (await post(app, '/v1/responses', { input })).json();
    expect(res.status).toBe('incomplete');
    expect(res.incomplete_details).toEqual({ reason: 'content_filter' });
    expect(fake().requestsTo('chat')).toHaveLength(0);
  });
});

describe('RL token ids across turns', () => {
  it('returns ids on the last item and sends them back on the assistant message next turn', async () => {
    const app = await model({ return_token_id_information: true });
    const tools = [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }];
    fake().enqueue('chat', fakeTurn({ content: '<think>need weather</think>', tool_calls: [{ name: 'get_weather', arguments: { city: 'SF' }, id: 'call_1' }], generation_token_ids: [11, 12, 13], generation_log_probs: [-0.1, -0.2, -0.3] }));
    const first = await post(app, '/v1/responses', { input: 'weather?', tools });
    expect(first.statusCode).toBe(200);
    const out1 = first.json().output;
    expect(out1.map((o: { type: string }) => o.type)).toEqual(['reasoning', 'function_call']);
    expect(out1[1]).toMatchObject({ call_id: 'call_1', generation_token_ids: [11, 12, 13], generation_log_probs: [-0.1, -0.2, -0.3] });
    expect('prompt_token_ids' in out1[0]).toBe(false);
    const sent1 = fake().requestsTo('chat')[0].body;
    // Prompt ids come from the upstream /tokenize of exactly the messages that were generated from.
    expect(out1[1].prompt_token_ids).toEqual(fakeTokenizeText(fakeRenderChat(sent1.messages)));
    expect(sent1).toMatchObject({ logprobs: true, top_logprobs: 0, return_tokens_as_token_ids: true });
    expect(fake().requestsTo('tokenize')[0].body.messages).toEqual(sent1.messages);

    const cookie = String(first.headers['set-cookie']).split(';')[0];
    fake().enqueue('chat', fakeTurn({ content: 'It is sunny.' }));
    const input = [{ role: 'user', content: 'weather?' }, ...out1, { type: 'function_call_output', call_id: 'call_1', output: '{"weather":"sunny"}' }];
    const second = await post(app, '/v1/responses', { input, tools }, cookie);
    expect(second.statusCode).toBe(200);
    const assistant = fake().requestsTo('chat')[1].body.messages[1];
    expect(assistant).toMatchObject({
      role: 'assistant',
      content: '',
      reasoning_content: 'need weather',
      prompt_token_ids: out1[1].prompt_token_ids,
      generation_token_ids: [11, 12, 13],
      generation_log_probs: [-0.1, -0.2, -0.3],
    });
    expect(assistant.tool_calls[0].id).toBe('call_1');
    const last = second.json().output.at(-1);
    expect(last.content[0].text).toBe('It is sunny.');
    expect(last.generation_token_ids).toHaveLength('It is sunny.'.length);
  });

  it('rejects n: 2 in token mode before calling upstream', async () => {
    const app = await model({ return_token_id_information: true });
    const res = await post(app, '/v1/chat/completions', { messages: [{ role: 'user', content: 'x' }], n: 2 });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/^n: /);
    expect(fake().requestsTo('chat')).toHaveLength(0);
  });
});

describe('/v1/chat/completions', () => {
  it('serves the chat path: model pinned, reasoning folded into <think>, token ids on the message', async () => {
    const app = await model({ return_token_id_information: true, request_prompt_and_generation_token_ids: true, chat_template_kwargs: { enable_thinking: true } });
    fake().enqueue('chat', fakeTurn({ reasoning_content: 'r', content: 'a', generation_token_ids: [5], generation_log_probs: [-1] }));
    const res = await post(app, '/v1/chat/completions', { model: 'x', messages: [{ role: 'user', content: 'q' }], top_k: 3 });
    expect(res.statusCode).toBe(200);
    const msg = res.json().choices[0].message;
    // Keys the chat API does not define are dropped, as the reference does.
    expect('top_k' in fake().requestsTo('chat')[0].body).toBe(false);
    expect(msg).toMatchObject({ content: '<think>r</think>a', generation_token_ids: [5], generation_log_probs: [-1] });
    expect('reasoning_content' in msg).toBe(false);
    expect(fake().requestsTo('tokenize')).toHaveLength(0);
    expect(fake().requestsTo('chat')[0].body).toMatchObject({ model: 'served-model', return_token_ids: true, chat_template_kwargs: { enable_thinking: true } });
  });

  it('answers a context-length error with the empty length completion', async () => {
    const app = await model();
    fake().enqueue('chat', fakeContextLengthError());
    const res = (await post(app, '/v1/chat/completions', { messages: [{ role: 'user', content: 'q' }] })).json();
    expect(res).toMatchObject({ id: 'chtcmpl-123', choices: [{ index: 0, finish_reason: 'length', message: { role: 'assistant', content: null } }] });
  });
});

describe('several base_urls', () => {
  it('pins each session to one backend, chosen by a hash of the session id', async () => {
    const other = await startFakeUpstream();
    try {
      const app = await model({ base_url: [fake().baseUrl, other.baseUrl] });
      const backends = [fake(), other];
      const seen = new Set<number>();
      for (let i = 0; i < 40 && seen.size < 2; i++) {
        const first = await post(app, '/v1/responses', { input: 'x' });
        const cookie = String(first.headers['set-cookie']).split(';')[0];
        const sessionId = decodeURIComponent(cookie.split('=')[1]).replace(/\.[^.]*$/, '');
        const expected = backendIndex(sessionId, 2);
        seen.add(expected);
        const before = backends.map((b) => b.requestsTo('chat').length);
        for (let turn = 0; turn < 3; turn++) expect((await post(app, '/v1/responses', { input: 'x' }, cookie)).statusCode).toBe(200);
        const after = backends.map((b) => b.requestsTo('chat').length);
        expect(after[expected] - before[expected]).toBe(3);
        expect(after[1 - expected] - before[1 - expected]).toBe(0);
      }
      expect(seen.size).toBe(2);
    } finally {
      await other.close();
    }
  });

  it('backendIndex is deterministic and spreads sessions', () => {
    expect(backendIndex('abc', 7)).toBe(backendIndex('abc', 7));
    const counts = [0, 0, 0];
    for (let i = 0; i < 300; i++) counts[backendIndex(`session-${i}`, 3)]++;
    for (const c of counts) expect(c).toBeGreaterThan(60);
  });
});

describe('native Responses mode', () => {
  it('forwards the body to upstream /responses with extra_body under and sampling_overrides over it', async () => {
    const app = await model({ is_responses_native: true, extra_body: { temperature: 0.1, top_k: 3 }, sampling_overrides: { top_p: 0.5 }, chat_template_kwargs: { a: 1 } });
    fake().enqueue('responses', fakeTurn({ content: 'native' }));
    const res = await post(app, '/v1/responses', { input: 'x', temperature: 0.9, top_p: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.json().output[0].content[0].text).toBe('native');
    expect(fake().requestsTo('responses')[0].body).toEqual({ input: 'x', model: 'served-model', temperature: 0.9, top_p: 0.5, top_k: 3, chat_template_kwargs: { a: 1 } });

    const tokens = await model({ is_responses_native: true, return_token_id_information: true });
    const refused = await post(tokens, '/v1/responses', { input: 'x' });
    expect(refused.statusCode).toBe(500);
    expect(refused.json()).toContain('return_token_id_information');
  });
});

describe('config', () => {
  it('refuses to start with a config that misses a required key, naming it', async () => {
    await expect(buildServer(server, { instanceName: 'policy_model', config: { base_url: 'http://x/v1', api_key: 'k', model: 'm', uses_reasoning_parser: true }, docs: false })).rejects.toThrow(
      /policy_model.*return_token_id_information/s,
    );
  });

  it('accepts fixture JSON replies verbatim', async () => {
    const app = await model();
    fake().enqueue('chat', fakeJson({ id: 'x', created: 5, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'raw' } }] }));
    const res = (await post(app, '/v1/responses', { input: 'x' })).json();
    expect(res.created_at).toBe(5);
    expect(res.usage).toBeNull();
  });
});
