/** /verify over inject: extraction modes, text assembly, reward rules and request validation. */
import { describe, expect, it } from 'vitest';
import { buildServer } from '@gym/server';
import { server } from '../app.ts';

type Item = Record<string, unknown>;
const say = (text: string): Item => ({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] });
const row = (extra: Record<string, unknown>, output: Item[]) => ({
  responses_create_params: { input: [{ role: 'user', content: 'q' }] },
  response: { id: 'resp_1', output },
  ...extra,
});

describe('string_match /verify', async () => {
  const { app } = await buildServer(server, { instanceName: 'string_match', docs: false });
  const verify = async (extra: Record<string, unknown>, output: Item[]) => {
    const res = await app.inject({ method: 'POST', url: '/verify', payload: row(extra, output) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('echoes the request and adds reward, expected_answer and extracted_answer', async () => {
    const body = await verify({ expected_answer: 'Paris', extraction_mode: 'boxed', metadata: { src: 'x' } }, [say('So \\boxed{Paris}.')]);
    expect(body).toMatchObject({ reward: 1.0, expected_answer: 'Paris', extracted_answer: 'Paris', metadata: { src: 'x' } });
    expect(body.responses_create_params).toEqual({ input: [{ role: 'user', content: 'q' }] });
    expect(body.response.id).toBe('resp_1');
  });

  it('echoes defaulted row fields like the reference (extraction_mode, case_sensitive, metadata)', async () => {
    const body = await verify({ expected_answer: 'Paris' }, [say('Answer: Paris')]);
    expect(body).toMatchObject({ extraction_mode: 'final_answer', case_sensitive: false, metadata: null, reward: 1.0 });
  });

  describe('boxed', () => {
    it.each([
      ['\\boxed{a{b}c} and \\boxed{d', 'a{b}c', 'an unclosed last box falls back to the one before'],
      ['\\boxed{\\text{ \\text{Paris} }}', 'Paris', '\\text wrappers are peeled repeatedly'],
      ['\\boxed{1} then \\boxed{ 2 }', '2', 'the last box wins, stripped'],
      ['\\boxed{\n80\n}', '80', 'whitespace inside the box'],
    ])('%j extracts %j (%s)', async (text, extracted) => {
      expect((await verify({ expected_answer: 'zzz', extraction_mode: 'boxed' }, [say(text)])).extracted_answer).toBe(extracted);
    });
    it('gives reward 0 and extracted null without a box', async () => {
      expect(await verify({ expected_answer: 'x', extraction_mode: 'boxed' }, [say('Answer: x')])).toMatchObject({ reward: 0.0, extracted_answer: null });
    });
  });

  describe('final_answer (the default mode)', () => {
    it.each([
      ['Answer: 12.\nFinal answer: 15..', '15', 'the last match, trailing periods removed'],
      ['Answer:\n\n  Paris . .', 'Paris ', 'only the final "." run is cut before the strip (the reference keeps the inner space)'],
      ['answer： 東京', '東京', 'full-width colon'],
      ['No colon here \\boxed{7}', '7', 'falls back to boxed'],
      ['Answer: a\rb', 'a\rb', '"." crosses \\r but not \\n'],
      ['FINAL   ANSWER :  Saturn', 'Saturn', 'case-insensitive with flexible spaces'],
    ])('%j extracts %j (%s)', async (text, extracted) => {
      expect((await verify({ expected_answer: 'zzz' }, [say(text)])).extracted_answer).toBe(extracted);
    });
  });

  it('last_line takes the last non-blank line, stripped', async () => {
    expect(await verify({ expected_answer: 'last one', extraction_mode: 'last_line' }, [say('line one\n\n  last one  \n\n')])).toMatchObject({
      reward: 1.0,
      extracted_answer: 'last one',
    });
  });

  it('full_response uses the whole stripped text, null when blank', async () => {
    expect((await verify({ expected_answer: 'a b', extraction_mode: 'full_response' }, [say('  A B  ')])).reward).toBe(1.0);
    expect(await verify({ expected_answer: 'x', extraction_mode: 'full_response' }, [say('   ')])).toMatchObject({ reward: 0.0, extracted_answer: null });
  });

  it('joins the text parts of every assistant message with newlines, ignoring other roles and items', async () => {
    const output: Item[] = [
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Answer: hidden' }] },
      say('first part'),
      { type: 'message', role: 'user', content: 'Answer: from user' },
      { type: 'message', role: 'assistant', content: 'Answer: Rome' },
      { type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }] },
    ];
    expect(await verify({ expected_answer: 'rome', extraction_mode: 'full_response' }, output)).toMatchObject({
      extracted_answer: 'first part\nAnswer: Rome',
    });
    expect((await verify({ expected_answer: 'rome' }, output)).reward).toBe(1.0);
  });

  it('gives 0 for an empty expected_answer even when the extraction matches', async () => {
    expect(await verify({ expected_answer: '', extraction_mode: 'full_response' }, [say('')])).toMatchObject({ reward: 0.0 });
    expect(await verify({ expected_answer: '', extraction_mode: 'boxed' }, [say('\\boxed{}')])).toMatchObject({ reward: 0.0, extracted_answer: '' });
  });

  it('grades case-sensitively when asked', async () => {
    expect((await verify({ expected_answer: 'Paris', case_sensitive: true }, [say('Answer: paris')])).reward).toBe(0.0);
    expect((await verify({ expected_answer: 'Paris', case_sensitive: true }, [say('Answer: Paris')])).reward).toBe(1.0);
  });

  it('returns 0.98 for a numeric near miss', async () => {
    expect((await verify({ expected_answer: '100', extraction_mode: 'boxed' }, [say('\\boxed{99.5}')])).reward).toBe(0.98);
  });

  it.each([
    [{}, 'expected_answer'],
    [{ expected_answer: 5 }, 'expected_answer'],
    [{ expected_answer: 'x', extraction_mode: 'regex' }, 'extraction_mode'],
    [{ expected_answer: 'x', case_sensitive: 'yes' }, 'case_sensitive'],
  ])('rejects %j with 422 naming %s', async (extra, field) => {
    const res = await app.inject({ method: 'POST', url: '/verify', payload: row(extra, [say('x')]) });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail.map((d: { loc: string[] }) => d.loc[1])).toContain(field);
  });

  it('has no tool routes', async () => {
    const res = await app.inject({ method: 'POST', url: '/get_weather', payload: {} });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ detail: 'Not Found' });
  });
});
