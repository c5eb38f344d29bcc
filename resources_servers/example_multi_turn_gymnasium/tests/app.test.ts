/** The reset/step protocol and the scripted follow-ups of example_multi_turn_gymnasium, through inject(). */
import { describe, expect, it } from 'vitest';
import { buildServer, extractText } from '@gym/server';
import { gradeFinalTurn, server } from '../app.ts';

const { app } = await buildServer(server, { instanceName: 'example_multi_turn_gymnasium', docs: false });

const row = {
  responses_create_params: { input: [{ role: 'user', content: 'What is the capital of France?' }] },
  follow_ups: ['Population?', 'A landmark?'],
  expected_answer: 'Eiffel',
  agent_ref: { type: 'responses_api_agents', name: 'example_multi_turn_gymnasium_agent' },
};
const say = (text: string) => ({ id: 'resp_1', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] }] });

function episode() {
  let cookies: Record<string, string> = {};
  return async (url: string, payload: unknown) => {
    const res = await app.inject({ method: 'POST', url, payload: payload as object, cookies });
    cookies = Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
    return res;
  };
}

describe('reset and step', () => {
  it('resets with no observation, asks each follow-up in turn, then grades the last turn', async () => {
    const post = episode();
    expect((await post('/reset', row)).json()).toEqual({ observation: null, info: {} });
    expect((await post('/step', { ...row, response: say('Paris.') })).json()).toEqual({ observation: 'Population?', reward: 0.0, terminated: false, truncated: false, info: {} });
    expect((await post('/step', { ...row, response: say('About 2 million.') })).json()).toEqual({ observation: 'A landmark?', reward: 0.0, terminated: false, truncated: false, info: {} });
    expect((await post('/step', { ...row, response: say('The EIFFEL Tower.') })).json()).toEqual({ observation: null, reward: 1.0, terminated: true, truncated: false, info: {} });
  });

  it('gives 0.0 when the final turn lacks the answer', async () => {
    const post = episode();
    await post('/reset', { ...row, follow_ups: [] });
    expect((await post('/step', { ...row, follow_ups: [], response: say('The Louvre.') })).json()).toMatchObject({ reward: 0.0, terminated: true });
  });

  it('gives 0.0 for an empty or missing expected_answer, whatever the text', async () => {
    expect(gradeFinalTurn('anything', '')).toBe(0.0);
    const post = episode();
    const { expected_answer: _drop, ...noAnswer } = row;
    await post('/reset', { ...noAnswer, follow_ups: [] });
    expect((await post('/step', { ...noAnswer, follow_ups: [], response: say('') })).json()).toMatchObject({ reward: 0.0, terminated: true });
  });

  it('drops the episode once it ends: the next step starts over', async () => {
    const post = episode();
    const short = { ...row, follow_ups: ['Only question?'] };
    await post('/reset', short);
    await post('/step', { ...short, response: say('a') });
    expect((await post('/step', { ...short, response: say('Eiffel') })).json().terminated).toBe(true);
    expect((await post('/step', { ...short, response: say('b') })).json()).toMatchObject({ observation: 'Only question?', terminated: false });
  });

  it('keeps episodes of different sessions apart', async () => {
    const a = episode();
    const b = episode();
    await a('/reset', row);
    await b('/reset', row);
    await a('/step', { ...row, response: say('x') });
    expect((await b('/step', { ...row, response: say('x') })).json().observation).toBe('Population?');
    expect((await a('/step', { ...row, response: say('x') })).json().observation).toBe('A landmark?');
  });

  it('a new reset restarts the follow-ups', async () => {
    const post = episode();
    await post('/reset', row);
    await post('/step', { ...row, response: say('x') });
    await post('/reset', row);
    expect((await post('/step', { ...row, response: say('x') })).json().observation).toBe('Population?');
  });

  it('answers 422 naming the field for a bad body', async () => {
    const post = episode();
    const noParams = await post('/reset', { follow_ups: [] });
    expect(noParams.statusCode).toBe(422);
    expect(noParams.json().detail[0].loc).toEqual(['body', 'responses_create_params']);
    const noResponse = await post('/step', row);
    expect(noResponse.statusCode).toBe(422);
    expect(noResponse.json().detail[0].loc).toEqual(['body', 'response']);
    const badFollowUps = await post('/reset', { ...row, follow_ups: 'Population?' });
    expect(badFollowUps.statusCode).toBe(422);
    expect(badFollowUps.json().detail[0].loc).toEqual(['body', 'follow_ups']);
  });

  it('has no /verify and no /seed_session route', async () => {
    for (const url of ['/verify', '/seed_session']) {
      const res = await app.inject({ method: 'POST', url, payload: { ...row, response: say('x') } });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ detail: 'Not Found' });
    }
  });

  it('aggregates step rewards posted to /aggregate_metrics', async () => {
    const res = await app.inject({ method: 'POST', url: '/aggregate_metrics', payload: { verify_responses: [{ _ng_task_index: 0, reward: 1.0 }, { _ng_task_index: 1, reward: 0.0 }] } });
    expect(res.statusCode).toBe(200);
    expect(res.json().agent_metrics['mean/reward']).toBe(0.5);
  });
});

describe('extractText', () => {
  it('joins string contents and output_text parts of message items, with no separator', () => {
    const output = [
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'hidden' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'A' }, { type: 'refusal', refusal: 'no' }, { type: 'output_text', text: 'B' }] },
      { type: 'function_call', name: 'f', arguments: '{}', call_id: 'c' },
      { type: 'message', role: 'user', content: 'C' },
    ];
    expect(extractText({ output })).toBe('ABC');
    expect(extractText({ output: [] })).toBe('');
  });
});
