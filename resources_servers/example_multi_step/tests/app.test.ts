/** Tools and the verify rule of example_multi_step, through inject(). */
import { describe, expect, it } from 'vitest';
import { buildServer } from '@gym/server';
import { server, synonymValue } from '../app.ts';

const { app } = await buildServer(server, { instanceName: 'example_multi_step', docs: false });

const row = {
  id: 7,
  expected_synonyms: ['Blazing', 'Warm'],
  expected_synonym_values: [711, 407],
  minefield_label: 'Hot',
  minefield_label_value: 299,
  responses_create_params: { input: [{ role: 'user', content: 'How hot is the desert?' }], parallel_tool_calls: false },
};
let n = 0;
const call = (name: string, args: unknown) => ({
  type: 'function_call',
  call_id: `call_${++n}`,
  name,
  arguments: typeof args === 'string' ? args : JSON.stringify(args),
});
const submit = (values: unknown) => call('extract_synonym_values', { synonym_values: values });
const verify = (output: unknown[], extra: Record<string, unknown> = {}) =>
  app.inject({ method: 'POST', url: '/verify', payload: { ...row, ...extra, response: { id: 'resp_1', output } } });

describe('tools', () => {
  it('values a synonym as the sum of its code points', async () => {
    expect(synonymValue('Blazing')).toBe(711);
    expect(synonymValue('Warm')).toBe(407);
    // Code points, not UTF-16 units: an astral character counts once.
    expect(synonymValue('😀')).toBe(0x1f600);
    expect(synonymValue('')).toBe(0);
    const res = await app.inject({ method: 'POST', url: '/get_synonym_value', payload: { synonym: 'Blazing' } });
    expect(res.json()).toEqual({ synonym_value: 711 });
  });

  it('acknowledges a submission with success', async () => {
    const res = await app.inject({ method: 'POST', url: '/extract_synonym_values', payload: { synonym_values: [711, 407] } });
    expect(res.json()).toEqual({ success: true });
  });

  it('answers 422 naming the field for bad tool arguments', async () => {
    const noSynonym = await app.inject({ method: 'POST', url: '/get_synonym_value', payload: {} });
    expect(noSynonym.statusCode).toBe(422);
    expect(noSynonym.json().detail[0].loc).toEqual(['body', 'synonym']);
    const notInts = await app.inject({ method: 'POST', url: '/extract_synonym_values', payload: { synonym_values: ['711'] } });
    expect(notInts.statusCode).toBe(422);
    expect(notInts.json().detail[0].loc).toEqual(['body', 'synonym_values', 0]);
  });
});

describe('verify', () => {
  it('rewards the exact expected list and echoes the request with every extra field', async () => {
    const output = [call('get_synonym_value', { synonym: 'Blazing' }), submit([711, 407]), { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'done' }] }];
    const res = await verify(output);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      ...row,
      response: { id: 'resp_1', output },
      reward: 1.0,
      parsed_synonym_values: [711, 407],
      accuracy: true,
      set_overlap: 1.0,
      original_term_minefield_hit: false,
      order_instruction_following_failure: false,
    });
  });

  it('grades only the last submission', async () => {
    expect((await verify([submit([711, 407]), submit([407])])).json()).toMatchObject({ reward: 0.0, parsed_synonym_values: [407], set_overlap: 0.5 });
    expect((await verify([submit([407, 711]), submit([711, 407])])).json()).toMatchObject({ reward: 1.0, accuracy: true });
  });

  it('reads no submission as [] (reward 0, overlap 0)', async () => {
    const body = (await verify([call('get_synonym_value', { synonym: 'Warm' })])).json();
    expect(body).toMatchObject({ reward: 0.0, parsed_synonym_values: [], accuracy: false, set_overlap: 0, original_term_minefield_hit: false, order_instruction_following_failure: false });
  });

  it('flags the right values in the wrong order as an order failure', async () => {
    const body = (await verify([submit([407, 711])])).json();
    expect(body).toMatchObject({ reward: 0.0, accuracy: false, set_overlap: 1.0, order_instruction_following_failure: true });
  });

  it('counts extra values as wrong but still a full overlap', async () => {
    const body = (await verify([submit([299, 711, 407])])).json();
    expect(body).toMatchObject({ reward: 0.0, set_overlap: 1.0, order_instruction_following_failure: true, original_term_minefield_hit: true });
  });

  it('flags the minefield by its value', async () => {
    expect((await verify([submit([299])])).json().original_term_minefield_hit).toBe(true);
    expect((await verify([submit([299.0, 711])])).json().original_term_minefield_hit).toBe(true);
    expect((await verify([submit([711, 408])])).json().original_term_minefield_hit).toBe(false);
  });

  it('fails with 500 when the term itself is submitted as text: the reply field only holds ints', async () => {
    const res = await verify([call('extract_synonym_values', '{"synonym_values": ["Hot", 711]}')]);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatch(/^ValidationError\(/);
  });

  it('compares with Python equality: 711.0 == 711 and true == 1, "711" != 711', async () => {
    expect((await verify([call('extract_synonym_values', '{"synonym_values": [711.0, 407]}')])).json()).toMatchObject({ reward: 1.0 });
    expect((await verify([submit([true, 407])], { expected_synonym_values: [1, 407] })).json()).toMatchObject({ reward: 1.0, parsed_synonym_values: [1, 407] });
    // Strings never equal ints, but the reply field is coerced to ints as pydantic does.
    expect((await verify([submit(['711', '407'])])).json()).toMatchObject({ reward: 0.0, set_overlap: 0, parsed_synonym_values: [711, 407] });
  });

  it('counts set overlap over distinct values', async () => {
    expect((await verify([submit([711, 711.0, true])])).json().set_overlap).toBe(0.5);
  });

  it('fails with 500 on malformed arguments, a missing key or unusable values, as the reference does', async () => {
    const malformed = await verify([call('extract_synonym_values', '{"synonym_values": [711,')]);
    expect(malformed.statusCode).toBe(500);
    expect(typeof malformed.json()).toBe('string');
    const missing = await verify([call('extract_synonym_values', '{"values": [711]}')]);
    expect(missing.statusCode).toBe(500);
    expect(missing.json()).toBe('KeyError("synonym_values")');
    expect((await verify([submit([[711]])])).statusCode).toBe(500);
    expect((await verify([submit([1.5])])).statusCode).toBe(500);
    expect((await verify([submit(711)])).statusCode).toBe(500);
    expect((await verify([submit([711])], { expected_synonym_values: [] })).statusCode).toBe(500);
  });

  it('ignores calls to other tools and non-call items named like the tool', async () => {
    const output = [submit([711, 407]), call('get_synonym_value', { synonym: 'x' }), { type: 'message', role: 'assistant', name: 'extract_synonym_values', content: 'hi' }];
    expect((await verify(output)).json().reward).toBe(1.0);
  });

  it('answers 422 naming a missing ground-truth field', async () => {
    const { minefield_label: _drop, ...rest } = row;
    const res = await app.inject({ method: 'POST', url: '/verify', payload: { ...rest, response: { id: 'r', output: [] } } });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0]).toMatchObject({ loc: ['body', 'minefield_label'], type: 'missing' });
  });
});
