// replay_model routes: replaying a recorded multi-turn rollout, the fallbacks, config errors, the SDK as client.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer, type GymApp } from '@gym/server';
import { rolloutFiles, server } from '../app.ts';

const tools = [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] }, strict: true }];
const recorded = {
  responses_create_params: { input: [{ role: 'system', content: 'You look things up.' }, { role: 'user', content: 'Find gym.' }], tools, instructions: null, temperature: null },
  response: {
    output: [
      { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'lookup', arguments: '{"q": "gym"}', status: 'completed' },
      { type: 'function_call_output', call_id: 'call_1', output: '{"hits": 3, "nonce": 0.123}' },
      { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'three hits' }] },
      { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Found 3 results.', annotations: [] }] },
    ],
  },
  reward: 1,
};

function rolloutsFile(lines: unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'gym-replay-'));
  const file = join(dir, 'rollouts.jsonl');
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

const apps: GymApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function replay(over: Record<string, unknown> = {}): Promise<GymApp> {
  const config = { entrypoint: 'app.ts', rollouts_jsonl_fpaths: [rolloutsFile([recorded])], ...over };
  const { app } = await buildServer(server, { instanceName: 'policy_model', config, docs: false });
  apps.push(app);
  return app;
}

const post = (app: GymApp, payload: unknown, url = '/v1/responses') => app.inject({ method: 'POST', url, payload: payload as object });

describe('replaying a recorded rollout', () => {
  it('answers turn after turn the way an agent loop asks, with fresh ids and computed usage', async () => {
    const app = await replay();
    const input: any[] = [...recorded.responses_create_params.input];
    const first = await post(app, { input, tools, model: 'ignored' });
    expect(first.statusCode).toBe(200);
    const r1 = first.json();
    expect(r1).toMatchObject({ object: 'response', status: 'completed', model: 'replay_model', incomplete_details: null });
    expect(r1.output).toHaveLength(1);
    expect(r1.output[0]).toMatchObject({ type: 'function_call', call_id: 'call_1', name: 'lookup', arguments: '{"q": "gym"}' });
    expect(r1.output[0].id).not.toBe('fc_1');
    expect(r1.usage.input_tokens).toBeGreaterThan(0);
    expect(r1.usage.total_tokens).toBe(r1.usage.input_tokens + r1.usage.output_tokens);

    // The tool answers differently this time: the replay still matches.
    input.push(...r1.output, { type: 'function_call_output', call_id: 'call_1', output: '{"hits": 3, "nonce": 0.987}' });
    const r2 = (await post(app, { input, tools })).json();
    expect(r2.output.map((o: { type: string }) => o.type)).toEqual(['reasoning', 'message']);
    expect(r2.output[1].content[0].text).toBe('Found 3 results.');
    expect(r2.usage.output_tokens_details.reasoning_tokens).toBe(Math.ceil('three hits'.length / 4));
  });

  it('answers 404 naming the last input item when nothing matches (fallback_policy: none)', async () => {
    const app = await replay();
    const res = await post(app, { input: 'What is the capital of Peru?', tools });
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toMatch(/^No recorded rollout matches this input: user message "What is the capital of Peru\?"…/);
    const wrongTools = await post(app, { input: recorded.responses_create_params.input, tools: [] });
    expect(wrongTools.statusCode).toBe(404);
  });

  it('fallback_policy message and first_tool', async () => {
    const message = await replay({ fallback_policy: 'message', fallback_message: 'No idea.' });
    const m = (await post(message, { input: 'unknown', tools })).json();
    expect(m.output).toEqual([expect.objectContaining({ type: 'message', role: 'assistant', content: [expect.objectContaining({ text: 'No idea.' })] })]);

    const tool = await replay({ fallback_policy: 'first_tool' });
    const t = (await post(tool, { input: 'unknown', tools })).json();
    expect(t.output[0]).toMatchObject({ type: 'function_call', name: 'lookup', arguments: '{"q":"example"}' });
    const afterTool = (await post(tool, { input: [{ role: 'user', content: 'unknown' }, t.output[0], { type: 'function_call_output', call_id: t.output[0].call_id, output: 'x' }], tools })).json();
    expect(afterTool.output[0].type).toBe('message');
  });

  it('answers chat completions with the fallback message', async () => {
    const app = await replay({ fallback_message: 'Replay only.' });
    const res = await post(app, { messages: [{ role: 'user', content: 'hi' }] }, '/v1/chat/completions');
    expect(res.statusCode).toBe(200);
    expect(res.json().choices[0].message).toEqual({ role: 'assistant', content: 'Replay only.' });
  });

  it('keeps a recorded incomplete status on the last turn', async () => {
    const truncated = { responses_create_params: { input: 'long story' }, response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Once upon' }] }] } };
    const app = await replay({ rollouts_jsonl_fpaths: [rolloutsFile([truncated])] });
    const r = (await post(app, { input: 'long story' })).json();
    expect(r.status).toBe('incomplete');
    expect(r.incomplete_details).toEqual({ reason: 'max_output_tokens' });
  });
});

describe('config', () => {
  it('fails at start-up on a missing rollouts file, naming the entry', async () => {
    await expect(buildServer(server, { config: { rollouts_jsonl_fpaths: ['nope/rollouts.jsonl'] }, docs: false })).rejects.toThrow(/rollouts_jsonl_fpaths\[0\]: .*nope\/rollouts.jsonl does not exist/);
    await expect(buildServer(server, { config: { fallback_policy: 'guess' }, docs: false })).rejects.toThrow(/fallback_policy/);
  });

  it('defaults to every example_rollouts.jsonl of resources servers and agents', () => {
    const root = mkdtempSync(join(tmpdir(), 'gym-root-'));
    for (const dir of ['resources_servers/b_env/data', 'resources_servers/a_env/data', 'responses_api_agents/my_agent/data', 'resources_servers/no_data']) mkdirSync(join(root, dir), { recursive: true });
    for (const dir of ['resources_servers/b_env/data', 'resources_servers/a_env/data', 'responses_api_agents/my_agent/data']) writeFileSync(join(root, dir, 'example_rollouts.jsonl'), '');
    expect(rolloutFiles({}, root).map((f) => f.slice(root.length + 1))).toEqual([
      'resources_servers/a_env/data/example_rollouts.jsonl',
      'resources_servers/b_env/data/example_rollouts.jsonl',
      'responses_api_agents/my_agent/data/example_rollouts.jsonl',
    ]);
    expect(rolloutFiles({ rollouts_jsonl_fpaths: ['resources_servers/a_env/data/example_rollouts.jsonl'] }, root)).toEqual([join(root, 'resources_servers/a_env/data/example_rollouts.jsonl')]);
  });
});

describe('openai SDK as client', () => {
  it('parses replayed turns and fallback answers', async () => {
    const app = await replay({ fallback_policy: 'message' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'x', maxRetries: 0 });
    const r1 = await client.responses.create({ model: 'm', input: recorded.responses_create_params.input as never, tools: tools as never });
    expect(r1.output[0].type).toBe('function_call');
    const fallback = await client.responses.create({ model: 'm', input: 'anything else' });
    expect(fallback.output_text).toContain('replay model');
  });
});
