// End to end: `ng run` as a real child process starts vllm_model in front of a fake vLLM; the openai SDK
// drives a multi-turn tool conversation with token ids through it; SIGINT stops everything.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeContextLengthError, fakeTurn, freePort, spawnNg, startFakeUpstream, waitForEnvironment, type FakeUpstream, type NgProcess } from '@gym/testing';

const MODEL = 'policy_model.responses_api_models.vllm_model';

let fake: FakeUpstream;
let ng: NgProcess;
let headUrl: string;
let modelUrl: string;

beforeAll(async () => {
  fake = await startFakeUpstream({ model: 'm' });
  const headPort = await freePort();
  headUrl = `http://127.0.0.1:${headPort}`;
  ng = spawnNg(
    [
      'run',
      '+config_paths=[responses_api_models/vllm_model/configs/vllm_model.yaml]',
      `++policy_base_url=${fake.baseUrl}`,
      '++policy_api_key=x',
      '++policy_model_name=m',
      `++head_server.port=${headPort}`,
      `++${MODEL}.return_token_id_information=true`,
      `++${MODEL}.retry_base_delay_ms=10`,
    ],
    { env: { GYM_LOG_LEVEL: 'warn' } },
  );
  const rows = await waitForEnvironment(headUrl, ng, 60_000);
  modelUrl = String(rows.find((r) => r.process_name === 'policy_model')?.url);
}, 90_000);

afterAll(async () => {
  if (ng && ng.child.exitCode === null && ng.child.signalCode === null) {
    ng.child.kill('SIGINT');
    await Promise.race([ng.exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  await fake?.close();
});

describe('vllm_model under ng run', () => {
  it('serves a multi-turn tool conversation with token ids through the openai SDK', async () => {
    const client = new OpenAI({ baseURL: `${modelUrl}/v1`, apiKey: 'x', maxRetries: 0 });
    const tools = [{ type: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: true }];

    fake.enqueue('chat', fakeTurn({ content: '<think>I should look it up.</think>', tool_calls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] }));
    const first = await client.responses.create({ model: 'ignored', input: 'Weather in Paris?', tools });
    expect(first.model).toBe('m');
    const call = first.output.find((o) => o.type === 'function_call') as unknown as Record<string, any>;
    expect(call).toMatchObject({ name: 'get_weather', arguments: '{"city":"Paris"}' });
    expect(first.output.at(-1)).toBe(call as never);
    expect(call.prompt_token_ids.length).toBeGreaterThan(0);
    expect(call.generation_token_ids.length).toBe(call.generation_log_probs.length);
    expect(fake.requestsTo('tokenize')).toHaveLength(1);

    // Turn 2 survives two 503s from the upstream (retried inside the model server).
    fake.failNext('chat', 2, 503);
    fake.enqueue('chat', fakeTurn({ content: 'Sunny, 21°C.' }));
    const history = [{ role: 'user' as const, content: 'Weather in Paris?' }, ...(first.output as never[]), { type: 'function_call_output' as const, call_id: call.call_id, output: '{"temp":21}' }];
    const second = await client.responses.create({ model: 'ignored', input: history, tools });
    expect(second.output_text).toBe('Sunny, 21°C.');
    const chats = fake.requestsTo('chat');
    expect(chats).toHaveLength(4);
    const assistant = chats[3].body.messages.find((m: { role: string }) => m.role === 'assistant');
    expect(assistant).toMatchObject({ generation_token_ids: call.generation_token_ids, prompt_token_ids: call.prompt_token_ids, reasoning_content: 'I should look it up.' });
    expect(chats[3].body.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: call.call_id, content: '{"temp":21}' });
    expect(chats[3].body.tools[0].function).toEqual({ name: 'get_weather', parameters: tools[0].parameters });

    // A context overflow is an incomplete response, not an error.
    fake.enqueue('chat', fakeContextLengthError());
    const third = await client.responses.create({ model: 'ignored', input: [...history, ...(second.output as never[]), { role: 'user', content: 'And tomorrow?' }], tools });
    expect(third.status).toBe('incomplete');
    expect(third.incomplete_details?.reason).toBe('max_output_tokens');
  });

  it('stops every server on SIGINT', async () => {
    ng.child.kill('SIGINT');
    const code = await Promise.race([ng.exited.then((e) => e.code), new Promise<string>((r) => setTimeout(() => r('timeout'), 15_000))]);
    expect(code, ng.output()).toBe(0);
    await expect(fetch(`${modelUrl}/`)).rejects.toThrow();
    await expect(fetch(`${headUrl}/`)).rejects.toThrow();
  }, 20_000);
});
