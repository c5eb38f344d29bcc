/** /verify over inject: every grading mode, the template-regex path, config override and validation. Expected values match the reference. */
import { describe, expect, it } from 'vitest';
import { buildServer } from '@gym/server';
import { server } from '../app.ts';

const OPTIONS = [{ A: 'apple' }, { B: 'banana split' }, { C: null }, { d: 'dates' }];
type Extra = Record<string, unknown>;
const request = (text: string, extra: Extra = {}) => ({
  responses_create_params: { input: [{ role: 'user', content: 'Pick one.' }] },
  options: OPTIONS,
  expected_answer: 'B',
  response: { id: 'resp_1', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] }] },
  ...extra,
});

async function verifier(config: Record<string, unknown> = {}) {
  const { app } = await buildServer(server, { instanceName: 'mcqa', docs: false, config });
  return async (text: string, extra: Extra = {}) => {
    const res = await app.inject({ method: 'POST', url: '/verify', payload: request(text, extra) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
}

describe('mcqa /verify', async () => {
  const verify = await verifier();
  const mdVerify = await verifier({ grading_mode: 'lenient_answer_colon_md' });

  it('echoes the request and adds reward, expected_answer (gold) and extracted_answer', async () => {
    const body = await verify('\\boxed{B}', { uuid: 'u-1', metadata: { src: 'x' } });
    expect(body).toMatchObject({ reward: 1.0, expected_answer: 'B', extracted_answer: 'B', uuid: 'u-1', metadata: { src: 'x' }, options: OPTIONS });
  });

  it('echoes defaulted row fields like the reference (uuid, metadata, grading_mode, template_metadata)', async () => {
    expect(await verify('   ')).toMatchObject({ uuid: null, metadata: null, grading_mode: 'strict_single_letter_boxed', template_metadata: null, options: OPTIONS });
    expect(await mdVerify('Answer: B')).toMatchObject({ grading_mode: 'strict_single_letter_boxed', extracted_answer: 'B' });
  });

  describe('strict_single_letter_boxed (default)', () => {
    it.each([
      ['\\boxed{B}', 'B'],
      ['\\boxed{(B)}', 'B'],
      ['\\boxed{\\text{B}}', 'B'],
      ['\\boxed{B: banana split}', 'B'],
      ['\\boxed{A} then \\boxed{B}', 'B'],
      ['\\boxed{D}', 'D'],
    ])('%j gives %j', async (text, letter) => {
      expect((await verify(text)).extracted_answer).toBe(letter);
    });
    it.each([
      ['\\boxed{B} then \\boxed{A', 'the last box never closes'],
      ['\\boxed{b}', 'lowercase letters are not read'],
      ['\\boxed{C}', 'C has a null text, so it is not an allowed letter'],
      ['\\boxed{E. coli}', 'E is not an option'],
      ['\\boxed{AB}', 'two letters'],
      ['B', 'no box'],
    ])('%j gives null (%s)', async (text) => {
      expect(await verify(text)).toMatchObject({ reward: 0.0, extracted_answer: null });
    });
    it('reads the lowercase option key d as D', async () => {
      expect(await verify('\\boxed{D}', { expected_answer: 'd' })).toMatchObject({ reward: 1.0, expected_answer: 'D' });
    });
  });

  describe('lenient_boxed', () => {
    it.each([
      ['\\boxed{banana split}', 'B'],
      ['\\boxed{\\text{Banana  Split}}', 'B'],
      ['\\boxed{B}', 'B'],
      ['\\boxed{apple or banana split}', null],
    ])('%j gives %j', async (text, letter) => {
      expect((await verify(text, { grading_mode: 'lenient_boxed' })).extracted_answer).toBe(letter);
    });
  });

  describe('lenient_answer_colon', () => {
    it.each([
      ['Answer: B', 'B'],
      ['Answer: banana   SPLIT', 'B'],
      ['Answer: b\nAnswer: A', 'B'],
      ['Answer: \\text{B}', 'B'],
      ['Answer: E', null],
      ['No answer line', null],
    ])('%j gives %j', async (text, letter) => {
      expect((await verify(text, { grading_mode: 'lenient_answer_colon' })).extracted_answer).toBe(letter);
    });
  });

  describe('lenient_answer_colon_md (config only, overrides the row mode)', () => {
    it.each([
      ['**Answer:** B', 'B'],
      ['Answer: A\n**Answer**: B', 'B'],
      ['Answer: B because A is wrong', 'B'],
      ['Answer: the best is B', 'B'],
      ['Answer: ب', 'B'],
      ['Answer: Ｂ', 'B'],
      ['Answer: B\nAnswer: maybe', 'B'],
      ['Answer: A or B', null],
      ['\\boxed{B}', null],
    ])('%j gives %j', async (text, letter) => {
      expect((await mdVerify(text, { grading_mode: 'strict_single_letter_boxed' })).extracted_answer).toBe(letter);
    });
    it('also reads lines after the row template answer_prefix, and then falls back to the box', async () => {
      expect((await mdVerify('Pick -> B', { template_metadata: { answer_prefix: 'pick ->' } })).extracted_answer).toBe('B');
      expect((await mdVerify('\\boxed{B}', { template_metadata: { answer_prefix: 'pick ->' } })).extracted_answer).toBe('B');
    });
  });

  describe('template_metadata.output_regex (tried first)', () => {
    it('trusts a single captured letter even when it is not an option', async () => {
      expect(await verify('Choice: Q', { template_metadata: { output_regex: String.raw`Choice:\s*([A-Za-z])` } })).toMatchObject({ reward: 0.0, extracted_answer: 'Q' });
    });
    it('matches captured option text, case-insensitively', async () => {
      expect((await verify('Choice: banana split', { template_metadata: { output_regex: String.raw`Choice:\s*(.+)` } })).extracted_answer).toBe('B');
    });
    it('tries a list of regexes in order, case-insensitively', async () => {
      expect((await verify('Choice: b \\boxed{A}', { template_metadata: { output_regex: ['Nope (x)', String.raw`choice:\s*(\w)`] } })).extracted_answer).toBe('B');
    });
    it('falls back to the mode when no regex matches or the regex is invalid', async () => {
      expect((await verify('\\boxed{{B}}', { template_metadata: { output_regex: String.raw`\\boxed\{\s*([A-Za-z])\s*\}` } })).extracted_answer).toBe('B');
      expect((await verify('Choice: (((', { template_metadata: { output_regex: '(' } })).extracted_answer).toBeNull();
    });
    it('rejects a regex that is not a string or list of strings with 422 naming the field', async () => {
      const { app } = await buildServer(server, { instanceName: 'mcqa', docs: false });
      const res = await app.inject({ method: 'POST', url: '/verify', payload: request('x', { template_metadata: { output_regex: 5 } }) });
      expect(res.statusCode).toBe(422);
      expect(res.json().detail[0].loc).toEqual(['body', 'template_metadata', 'output_regex']);
    });
  });

  it('gives reward 0 and extracted null for blank text', async () => {
    expect(await verify('   ')).toMatchObject({ reward: 0.0, extracted_answer: null });
  });

  it('strips and uppercases the gold letter; no gold means no reward', async () => {
    expect(await verify('\\boxed{B}', { expected_answer: ' b ' })).toMatchObject({ reward: 1.0, expected_answer: 'B' });
    expect(await verify('\\boxed{B}', { expected_answer: null })).toMatchObject({ reward: 0.0, expected_answer: '', extracted_answer: 'B' });
  });

  it('has no allowed letters without options', async () => {
    expect(await verify('\\boxed{B}', { options: null })).toMatchObject({ reward: 0.0, extracted_answer: null });
  });

  it('uses the concatenated output_text of message items only', async () => {
    const { app } = await buildServer(server, { instanceName: 'mcqa', docs: false });
    const payload = request('');
    payload.response.output = [
      { type: 'reasoning', summary: [{ type: 'summary_text', text: '\\boxed{A}' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: '\\boxed{', annotations: [] }, { type: 'output_text', text: 'B}', annotations: [] }] },
    ] as never;
    expect((await app.inject({ method: 'POST', url: '/verify', payload })).json().extracted_answer).toBe('B');
  });

  it.each([
    [{ grading_mode: 'lenient_answer_colon_md' }, 'grading_mode'],
    [{ options: [{ A: 1 }] }, 'options'],
    [{ expected_answer: 2 }, 'expected_answer'],
    [{ template_metadata: 'x' }, 'template_metadata'],
  ])('rejects %j with 422 naming %s', async (extra, field) => {
    const { app } = await buildServer(server, { instanceName: 'mcqa', docs: false });
    const res = await app.inject({ method: 'POST', url: '/verify', payload: request('\\boxed{B}', extra) });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail.map((d: { loc: string[] }) => d.loc[1])).toContain(field);
  });

  it('refuses an unknown grading_mode in the config at start-up', async () => {
    await expect(buildServer(server, { instanceName: 'mcqa', docs: false, config: { grading_mode: 'fuzzy' } })).rejects.toThrow(/grading_mode/);
  });

  it('answers /reverify_mode with "stateless"', async () => {
    const { app } = await buildServer(server, { instanceName: 'mcqa', docs: false });
    expect((await app.inject({ method: 'GET', url: '/reverify_mode' })).json()).toBe('stateless');
  });
});
