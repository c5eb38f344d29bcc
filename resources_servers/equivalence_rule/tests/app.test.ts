/** /verify over inject under each grading rule. Expected values come from the reference (Python difflib). */
import { describe, expect, it } from 'vitest';
import { buildServer } from '@gym/server';
import { server } from '../app.ts';

type Item = Record<string, unknown>;
const say = (...texts: string[]): Item => ({ type: 'message', role: 'assistant', content: texts.map((text) => ({ type: 'output_text', text, annotations: [] })) });
const request = (output: Item[], expected_answer: string, extra: Record<string, unknown> = {}) => ({
  responses_create_params: { input: [{ role: 'user', content: 'Recall the second poem.' }] },
  response: { id: 'resp_1', output },
  expected_answer,
  ...extra,
});

const LONG_ANSWER = Array(6).fill('the tide rolls in and the tide rolls out').join(' ');
const LONG_RESPONSE = LONG_ANSWER.replace('tide', 'wave').replace('tide', 'wave').replace('tide', 'wave');

async function verifier(grading_rule?: string) {
  const { app } = await buildServer(server, { instanceName: 'lc_equivalence_rule', docs: false, config: grading_rule ? { grading_rule } : {} });
  return async (output: Item[], answer: string, extra: Record<string, unknown> = {}) => {
    const res = await app.inject({ method: 'POST', url: '/verify', payload: request(output, answer, extra) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
}

describe('equivalence_rule /verify', async () => {
  const exact = await verifier();
  const seq = await verifier('seq_match');
  const weighted = await verifier('weighted_seq_match');

  it('echoes free row fields and adds reward = equivalence_score', async () => {
    const body = await exact([say('  Hello\n\tWORLD ')], 'hello world', { question: 'q', dataset: 'mrcr_0-8k', hashid: 'h1', context_length: 1200 });
    expect(body).toMatchObject({ reward: 1.0, equivalence_score: 1.0, question: 'q', dataset: 'mrcr_0-8k', hashid: 'h1', context_length: 1200 });
  });

  it.each([
    ['  Hello\n\tWORLD ', 'hello world', 1.0, 1.0, 1.0],
    ['hello world', 'hello there world', 0.0, 0.7857142857142857, 0.7728571428571428],
    ['The answer is 42', '42', 0.0, 0.2222222222222222, 0.18888888888888888],
    ['', '', 1.0, 1.0, 1.0],
    ['', 'abc', 0.0, 0.0, 0.0],
    ['abc', '', 0.0, 0.0, 0.15],
    ['Here is a toast to the sea!', 'here is a toast to the ocean!', 0.0, 0.9285714285714286, 0.9392857142857143],
    ['Wrong start but the rest of the answer', 'Totally the rest of the answer', 0.0, 0.7647058823529411, 0.695],
  ])('%j vs %j: exact %s, seq_match %s, weighted %s', async (text, answer, e, s, w) => {
    expect((await exact([say(text)], answer)).reward).toBe(e);
    expect((await seq([say(text)], answer)).reward).toBe(s);
    expect((await weighted([say(text)], answer)).reward).toBe(w);
  });

  it('applies difflib autojunk to an answer of 200+ characters', async () => {
    expect(LONG_ANSWER.length).toBeGreaterThanOrEqual(200);
    expect((await seq([say(LONG_RESPONSE)], LONG_ANSWER)).reward).toBe(0.0163265306122449);
    expect((await weighted([say(LONG_RESPONSE)], LONG_ANSWER)).reward).toBe(0.11887755102040816);
  });

  it('concatenates output_text parts without a separator and ignores reasoning', async () => {
    const output: Item[] = [{ type: 'reasoning', summary: [{ type: 'summary_text', text: 'hello world' }] }, say('hello ', 'wor'), say('ld')];
    expect((await exact(output, 'hello world')).reward).toBe(1.0);
  });

  it('scores a reasoning-only response as empty text', async () => {
    const output: Item[] = [{ type: 'reasoning', summary: [{ type: 'summary_text', text: 'the answer' }] }];
    expect((await exact(output, 'the answer')).reward).toBe(0.0);
    expect((await seq(output, 'the answer')).reward).toBe(0.0);
  });

  it('rejects a missing or non-string expected_answer with 422', async () => {
    const { app } = await buildServer(server, { instanceName: 'lc_equivalence_rule', docs: false });
    for (const payload of [{ ...request([say('x')], 'x'), expected_answer: undefined }, { ...request([say('x')], 'x'), expected_answer: 3 }]) {
      const res = await app.inject({ method: 'POST', url: '/verify', payload });
      expect(res.statusCode).toBe(422);
      expect(res.json().detail[0].loc).toEqual(['body', 'expected_answer']);
    }
  });

  it('refuses an unknown grading_rule at start-up', async () => {
    await expect(buildServer(server, { instanceName: 'lc_equivalence_rule', docs: false, config: { grading_rule: 'fuzzy' } })).rejects.toThrow(/grading_rule/);
  });
});
