// End to end: `ng run` as a real child process starts vllm_model in front of a fake vLLM; the openai SDK
// drives a multi-turn tool conversation with token ids through it; SIGINT stops everything.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeContextLengthError, fakeTurn, startFakeUpstream, type FakeUpstream } from '@gym/testing';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MODEL = 'policy_model.responses_api_models.vllm_model';

let fake: FakeUpstream;
let ng: ChildProcess;
let output = '';
let exited: Promise<number | null>;
let headUrl: string;
let modelUrl: string;

beforeAll(async () => {
  fake = await startFakeUpstream({ model: 'm' });
  const headPort = await freePort();
  headUrl = `http://127.0.0.1:${headPort}`;
  ng = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'packages/cli/src/bin.ts',
      'run',
      '+config_paths=[responses_api_models/vllm_model/configs/vllm_model.yaml]',
      `++policy_base_url=${fake.baseUrl}`,
      '++policy_api_key=x',
      '++policy_model_name=m',
      `++head_server.port=${headPort}`,
      `++${MODEL}.return_token_id_information=true`,
      `++${MODEL}.retry_base_delay_ms=10`,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GYM_LOG_LEVEL: 'warn' } },
  );
  ng.stdout!.on('data', (d) => (output += d));
  ng.stderr!.on('data', (d) => (output += d));
  exited = new Promise((resolve) => ng.once('exit', (code) => resolve(code)));
  const rows = await waitReady(headUrl, 60_000);
  modelUrl = String(rows.find((r) => r.process_name === 'policy_model')?.url);
}, 90_000);

afterAll(async () => {
  if (ng && ng.exitCode === null && ng.signalCode === null) {
    ng.kill('SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
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
    ng.kill('SIGINT');
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 15_000))]);
    expect(code, output).toBe(0);
    await expect(fetch(`${modelUrl}/`)).rejects.toThrow();
    await expect(fetch(`${headUrl}/`)).rejects.toThrow();
  }, 20_000);
});

async function waitReady(head: string, timeoutMs: number): Promise<Array<Record<string, unknown>>> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (ng.exitCode !== null) throw new Error(`ng run exited early:\n${output}`);
    try {
      const res = await fetch(`${head}/server_instances`);
      const rows = (await res.json()) as Array<Record<string, unknown>>;
      if (rows.length && rows.every((r) => r.status === 'ready')) return rows;
    } catch {
      /* head server not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`servers not ready within ${timeoutMs} ms:\n${output}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
