import { describe, expect, it } from 'vitest';
import { StepRewardCategory as C } from '@gym/pivot';
import { buildServer } from '@gym/server';
import { server } from '../app.ts';

const base = { tool_call_comparator_config: { word_count_similarity_threshold: 0.1 } };
const fc = (name: string, args: string) => ({ type: 'function_call', call_id: `call_${name}`, name, arguments: args });
const say = (text: string) => ({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] });
const body = (expected_action: unknown, output: unknown[], extra: Record<string, unknown> = {}) => ({
  responses_create_params: { input: [{ role: 'user', type: 'message', content: 'Weather in Paris?' }], tools: [], tool_choice: 'auto', parallel_tool_calls: false },
  response: { id: 'resp_1', output },
  expected_action,
  ...extra,
});

describe('POST /verify', async () => {
  const { app } = await buildServer(server, { config: base, docs: false });
  const post = (payload: unknown) => app.inject({ method: 'POST', url: '/verify', payload: payload as object });

  it('returns the reward and category and echoes the three request fields', async () => {
    const res = await post(body({ type: 'function_call', name: 'get_weather', arguments: '{"city": "Paris"}' }, [fc('get_weather', '{"city":"Paris"}')]));
    expect(res.statusCode).toBe(200);
    const out = res.json();
    expect(Object.keys(out).sort()).toEqual(['category', 'expected_action', 'response', 'responses_create_params', 'reward']);
    expect(out.reward).toBe(1);
    expect(out.category).toBe(C.EXPECTED_TOOL_CALL);
    expect(out.response).toEqual({ id: 'resp_1', output: [fc('get_weather', '{"city":"Paris"}')] });
  });

  it('materialises the create params with nulls and defaults, keeping what the row set', async () => {
    const res = await post({ ...body({ type: 'message', content: 'x' }, [say('hi')]), responses_create_params: { input: 'hello' } });
    const params = res.json().responses_create_params;
    expect(Object.keys(params)[0]).toBe('background');
    expect(params).toMatchObject({ input: 'hello', parallel_tool_calls: true, tool_choice: 'auto', tools: [], metadata: null, model: null, stream: null });
    expect(Object.keys(params)).toHaveLength(23);
    const kept = (await post(body({ type: 'message', content: 'x' }, [say('hi')]))).json().responses_create_params;
    expect(kept.parallel_tool_calls).toBe(false);
  });

  it('normalises the expected action (extra keys dropped) and does not echo provenance', async () => {
    const res = await post(
      body({ type: 'function_call', name: 'f', arguments: '{}', call_id: 'x', note: 'dropped' }, [fc('f', '{}')], {
        trajectory_id: 't-1',
        provenance: { depth: 2 },
        _ng_task_index: 3,
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().expected_action).toEqual({ type: 'function_call', name: 'f', arguments: '{}' });
    expect(res.json()).not.toHaveProperty('trajectory_id');
    expect(res.json()).not.toHaveProperty('provenance');
  });

  it('accepts a function_call_batch and scores it as a set', async () => {
    const batch = { type: 'function_call_batch', calls: [{ type: 'function_call', name: 'w', arguments: '{"c": "A"}' }, { type: 'function_call', name: 'w', arguments: '{"c": "B"}' }] };
    const res = await post(body(batch, [fc('w', '{"c": "B"}'), fc('w', '{"c": "A"}')]));
    expect(res.json()).toMatchObject({ reward: 1, category: C.EXPECTED_TOOL_CALL_BATCH });
  });

  it('gives NO_ACTION_FOUND for an output with only reasoning', async () => {
    const res = await post(body({ type: 'message', content: 'x' }, [{ type: 'reasoning', summary: [] }]));
    expect(res.json()).toMatchObject({ reward: 0, category: C.NO_ACTION_FOUND });
  });

  describe('request validation', () => {
    const detailOf = async (payload: unknown) => {
      const res = await post(payload);
      expect(res.statusCode).toBe(422);
      return res.json().detail[0] as { loc: string[]; msg: string };
    };

    it('names expected_action when it is missing or has an unknown type', async () => {
      const { expected_action: _, ...noAction } = body({}, []);
      expect((await detailOf(noAction)).loc).toEqual(['body', 'expected_action']);
      expect((await detailOf(body({ type: 'tool_call', name: 'f' }, []))).loc).toEqual(['body', 'expected_action', 'type']);
    });

    it('refuses an empty batch and a batch item that is not a function_call', async () => {
      expect((await detailOf(body({ type: 'function_call_batch', calls: [] }, []))).loc).toEqual(['body', 'expected_action', 'calls']);
      const bad = { type: 'function_call_batch', calls: [{ type: 'function_call', name: 'f', arguments: '{}' }, { type: 'message', content: 'x' }] };
      expect((await detailOf(body(bad, []))).loc).toEqual(['body', 'expected_action', 'calls', '1', 'type']);
    });

    it('refuses arguments given as an object instead of a JSON string', async () => {
      const d = await detailOf(body({ type: 'function_call', name: 'f', arguments: { city: 'Paris' } }, [fc('f', '{}')]));
      expect(d.loc).toEqual(['body', 'expected_action', 'arguments']);
      expect(d.msg).toContain('must be a string');
    });

    it('refuses malformed expected arguments with a 4xx (never a 500), even when the names differ', async () => {
      const d = await detailOf(body({ type: 'function_call', name: 'f', arguments: '{"city": ' }, [fc('f', '{}')]));
      expect(d.loc).toEqual(['body', 'expected_action', 'arguments']);
      expect(d.msg).toContain('not valid JSON');
      await detailOf(body({ type: 'function_call', name: 'f', arguments: 'nope' }, [fc('g', '{}')]));
      const batch = { type: 'function_call_batch', calls: [{ type: 'function_call', name: 'f', arguments: '{}' }, { type: 'function_call', name: 'f', arguments: '{' }] };
      expect((await detailOf(body(batch, []))).loc).toEqual(['body', 'expected_action', 'calls', '1', 'arguments']);
    });

    it('names a function_call output item without string arguments', async () => {
      const d = await detailOf(body({ type: 'message', content: 'x' }, [say('a'), { type: 'function_call', call_id: 'c', name: 'f' }]));
      expect(d.loc).toEqual(['body', 'response', 'output', '1', 'arguments']);
    });
  });
});

describe('config', () => {
  it('requires tool_call_comparator_config with a word_count_similarity_threshold', async () => {
    await expect(buildServer(server, { instanceName: 'pivots', config: {}, docs: false })).rejects.toThrow(/tool_call_comparator_config/);
    await expect(buildServer(server, { config: { tool_call_comparator_config: {} }, docs: false })).rejects.toThrow(/word_count_similarity_threshold/);
  });

  it('refuses an unknown reward mode and unknown knobs', async () => {
    const bad = (extra: object) => buildServer(server, { config: { tool_call_comparator_config: { word_count_similarity_threshold: 0.1, ...extra } }, docs: false });
    await expect(bad({ parallel_tool_call_reward_mode: 'partial' })).rejects.toThrow(/parallel_tool_call_reward_mode/);
    await expect(bad({ allow_subet: true })).rejects.toThrow(/allow_subet/);
  });

  it('applies the threshold and parallel knobs from the config', async () => {
    const strict = await buildServer(server, { config: { tool_call_comparator_config: { word_count_similarity_threshold: 0.51 } }, docs: false });
    const same = body({ type: 'function_call', name: 'f', arguments: '{"q": "New York City"}' }, [fc('f', '{"q": "new york city"}')]);
    expect((await strict.app.inject({ method: 'POST', url: '/verify', payload: same })).json().reward).toBe(0);

    const f1 = await buildServer(server, {
      config: { tool_call_comparator_config: { word_count_similarity_threshold: 0.1, parallel_tool_call_rewarding: true, allow_superset: true, parallel_tool_call_reward_mode: 'f1' } },
      docs: false,
    });
    const res = await f1.app.inject({ method: 'POST', url: '/verify', payload: body({ type: 'function_call', name: 'f', arguments: '{}' }, [fc('f', '{}'), fc('g', '{}')]) });
    expect(res.json().reward).toBeCloseTo(2 / 3, 12);
    expect(res.json().category).toBe(C.FUNCTION_CALL_BATCH_LENGTH_DIFFERENT);
  });
});
