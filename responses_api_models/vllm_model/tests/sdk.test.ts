// The official openai SDK as a client of a listening vllm_model server: every answer must parse.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type GymApp } from '@gym/server';
import { fakeContextLengthError, fakeTurn, startFakeUpstream, type FakeUpstream } from '@gym/testing';
import { server } from '../app.ts';

let fake: FakeUpstream;
let app: GymApp;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeUpstream();
  const config = { base_url: fake.baseUrl, api_key: 'k', model: 'served-model', return_token_id_information: true, uses_reasoning_parser: true };
  ({ app } = await buildServer(server, { instanceName: 'policy_model', config, docs: false }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'x', maxRetries: 0 });
});
afterAll(async () => {
  await app.close();
  await fake.close();
});

describe('openai SDK against vllm_model', () => {
  it('parses a text answer with reasoning', async () => {
    fake.enqueue('chat', fakeTurn({ content: '<think>hmm</think>Paris.' }));
    const r = await client.responses.create({ model: 'anything', input: 'Capital of France?' });
    expect(r.output_text).toBe('Paris.');
    expect(r.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    expect(r.status).toBe('completed');
    expect(r.model).toBe('served-model');
    expect((r.output[1] as unknown as Record<string, unknown>).generation_token_ids).toBeInstanceOf(Array);
  });

  it('parses tool calls and a follow-up turn that sends them back', async () => {
    const tools = [{ type: 'function' as const, name: 'add', parameters: { type: 'object', properties: { a: { type: 'number' } } }, strict: false }];
    fake.enqueue('chat', fakeTurn({ tool_calls: [{ name: 'add', arguments: { a: 1 } }] }));
    const first = await client.responses.create({ model: 'm', input: 'add', tools });
    const call = first.output.find((o) => o.type === 'function_call');
    expect(call).toMatchObject({ name: 'add', arguments: '{"a":1}' });
    fake.enqueue('chat', fakeTurn({ content: 'done' }));
    const second = await client.responses.create({
      model: 'm',
      tools,
      input: [{ role: 'user', content: 'add' }, ...(first.output as never[]), { type: 'function_call_output', call_id: (call as { call_id: string }).call_id, output: '1' }],
    });
    expect(second.output_text).toBe('done');
  });

  it('parses an incomplete response after a context-length error', async () => {
    fake.enqueue('chat', fakeContextLengthError());
    const r = await client.responses.create({ model: 'm', input: 'long' });
    expect(r.status).toBe('incomplete');
    expect(r.incomplete_details?.reason).toBe('max_output_tokens');
    expect(r.output_text).toBe('');
  });

  it('parses chat completions', async () => {
    fake.enqueue('chat', fakeTurn({ content: 'hi' }));
    const c = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hello' }] });
    expect(c.choices[0].message.content).toBe('hi');
  });

  it('surfaces a bad request as an SDK error with the field named', async () => {
    const err = await client.responses.create({ model: 'm', input: 'x', tool_choice: 'required' }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
  });
});
