/** /verify over inject: call extraction, Python equality of arguments, greedy matching and the reference's odd shapes. */
import { describe, expect, it } from 'vitest';
import { buildServer } from '@gym/server';
import { server } from '../app.ts';

type Item = Record<string, unknown>;
const call = (name: string, args: string, id = 'c1'): Item => ({ type: 'function_call', name, arguments: args, call_id: id });
const NOT_FOUND: Item = { type: 'function_call_output', call_id: 'c1', output: '{"detail":"Not Found"}' };
const say = (text: string): Item => ({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] });
const request = (output: Item[], expected_answers?: unknown[]) => ({
  id: 7,
  responses_create_params: { input: [{ role: 'user', content: 'Get the weather in Paris.' }] },
  response: { id: 'resp_1', output },
  ...(expected_answers === undefined ? {} : { expected_answers }),
});

describe('xlam_fc', async () => {
  const { app } = await buildServer(server, { instanceName: 'xlam_fc', docs: false });
  const post = (output: Item[], expected?: unknown[]) => app.inject({ method: 'POST', url: '/verify', payload: request(output, expected) });
  const verify = async (output: Item[], expected?: unknown[]) => {
    const res = await post(output, expected);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('has no tool routes: a tool call gets the 404 body the model then sees', async () => {
    const res = await app.inject({ method: 'POST', url: '/get_weather', payload: { city: 'Paris' } });
    expect(res.statusCode).toBe(404);
    expect(res.body).toBe('{"detail":"Not Found"}');
  });

  it('rewards an exact set of calls and reports the counts and parsed calls', async () => {
    const body = await verify([call('get_weather', '{"city": "Paris", "unit": "c"}'), NOT_FOUND, say('It is sunny.')], [{ name: 'get_weather', arguments: { city: 'Paris' } }]);
    expect(body).toMatchObject({
      reward: 1.0,
      num_expected: 1,
      num_predicted: 1,
      num_correct: 1,
      predicted_calls: [{ name: 'get_weather', arguments: { city: 'Paris', unit: 'c' } }],
      id: 7,
    });
  });

  it.each<[string, Record<string, unknown>, number, string]>([
    ['{"n": 14}', { n: 14 }, 1.0, 'same int'],
    ['{"n": 14.0}', { n: 14 }, 1.0, 'int == float'],
    ['{"n": true}', { n: 1 }, 1.0, 'True == 1'],
    ['{"n": "14"}', { n: 14 }, 0.0, 'a string is not a number'],
    ['{"n": {"b": [1.0], "a": 1}}', { n: { a: 1, b: [true] } }, 1.0, 'dicts ignore key order, lists compare in order'],
    ['{"n": [2, 1]}', { n: [1, 2] }, 0.0, 'list order matters'],
    ['{"m": 1}', { n: 1 }, 0.0, 'missing key'],
    ['not json', {}, 1.0, 'unparseable arguments become {}; an empty expectation still matches'],
    ['"{\\"n\\": 14}"', { n: 14 }, 1.0, 'double-encoded JSON is parsed again when comparing'],
  ])('%s vs %j gives %s (%s)', async (args, expectedArgs, reward) => {
    expect((await verify([call('f', args)], [{ name: 'f', arguments: expectedArgs }])).reward).toBe(reward);
  });

  it('parses expected arguments given as a JSON string', async () => {
    expect((await verify([call('f', '{"n": 1}')], [{ name: 'f', arguments: '{"n": 1.0}' }])).reward).toBe(1.0);
  });

  it('matches greedily, each predicted call used once, and requires equal counts', async () => {
    const expected = [
      { name: 'f', arguments: { n: 1 } },
      { name: 'f', arguments: { n: 1 } },
    ];
    expect(await verify([call('f', '{"n": 1}'), call('f', '{"n": 1, "x": 2}')], expected)).toMatchObject({ reward: 1.0, num_correct: 2 });
    expect(await verify([call('f', '{"n": 1}')], expected)).toMatchObject({ reward: 0.0, num_correct: 1 });
    expect(await verify([call('f', '{"n": 1}'), call('f', '{"n": 1}'), call('g', '{}')], expected)).toMatchObject({ reward: 0.0, num_correct: 2, num_predicted: 3 });
  });

  it('wants no calls when nothing is expected (absent expected_answers means [])', async () => {
    expect(await verify([say('No tool is needed.')])).toMatchObject({ reward: 1.0, num_expected: 0, num_correct: 0, expected_answers: [] });
    expect(await verify([call('f', '{}')], [])).toMatchObject({ reward: 0.0, num_correct: 0, num_predicted: 1 });
  });

  it('keeps non-object parsed arguments as they are in predicted_calls', async () => {
    const body = await verify([call('f', '[1, 2]'), call('g', '"x"'), call('h', 'null')], []);
    expect(body.predicted_calls).toEqual([
      { name: 'f', arguments: [1, 2] },
      { name: 'g', arguments: 'x' },
      { name: 'h', arguments: null },
    ]);
  });

  it('fails like the reference (500) where Python raises: non-object expected arguments, str/list indexing', async () => {
    expect((await post([call('f', '{}')], [{ name: 'f', arguments: '[1]' }])).statusCode).toBe(500);
    expect((await post([call('f', '"\\"city\\""')], [{ name: 'f', arguments: { city: 'x' } }])).statusCode).toBe(500);
    expect((await post([call('f', '"5"')], [{ name: 'f', arguments: { n: 5 } }])).statusCode).toBe(500);
  });

  it('does not raise when the name differs (checked first)', async () => {
    expect((await verify([call('g', '"5"')], [{ name: 'f', arguments: { n: 5 } }])).reward).toBe(0.0);
  });

  it('rejects expected_answers that is not a list of objects with 422', async () => {
    for (const bad of [{ name: 'f' }, [1], null]) {
      const res = await app.inject({ method: 'POST', url: '/verify', payload: { ...request([]), expected_answers: bad } });
      expect(res.statusCode, JSON.stringify(bad)).toBe(422);
      expect(res.json().detail[0].loc.slice(0, 2)).toEqual(['body', 'expected_answers']);
    }
  });
});
