/** /verify over inject: the last-item text rule and every grading rule. Expected rewards match the reference. */
import { describe, expect, it } from 'vitest';
import { buildServer } from '@gym/server';
import { gradeAssistantResponse } from '../src/grade.ts';
import { server } from '../app.ts';

type Item = Record<string, unknown>;
const EXP = {
  '0': { event_id: 0, duration: 60, constraint: 'between 10am and 11:45am', min_time: '10:00', max_time: '16:00' },
  '1': { event_id: 1, duration: 30, constraint: 'before 1:45pm', min_time: '10:00', max_time: '16:00' },
};
const ev = (event_id: unknown, start_time: unknown, duration: unknown) => ({ event_id, event_name: `event ${String(event_id)}`, start_time, duration });
const calendarText = (events: unknown[]) => `Here is your calendar:\n${JSON.stringify(events)}`;
const say = (text: string): Item => ({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] });
const thinking: Item = { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Planning the day.' }] };
const request = (output: Item[], exp_cal_state: unknown = EXP) => ({
  responses_create_params: { input: [{ role: 'system', content: 'Calendar rules' }, { role: 'user', content: 'Schedule my day.' }] },
  response: { id: 'resp_1', output },
  exp_cal_state,
});

describe('calendar /verify', async () => {
  const { app } = await buildServer(server, { instanceName: 'calendar', docs: false });
  const verify = async (output: Item[], exp?: unknown) => {
    const res = await app.inject({ method: 'POST', url: '/verify', payload: request(output, exp) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('rewards a valid calendar in the final message, echoing the row', async () => {
    const body = await verify([thinking, say(calendarText([ev(0, '10:30', 60), ev(1, '13:00', 30)]))]);
    expect(body.reward).toBe(1.0);
    expect(body.exp_cal_state).toEqual(EXP);
  });

  it('scores 0 when the last item has no content (the model stopped while reasoning)', async () => {
    expect((await verify([thinking])).reward).toBe(0.0);
    expect((await verify([])).reward).toBe(0.0);
    expect((await verify([say(calendarText([ev(0, '10:30', 60), ev(1, '13:00', 30)])), { type: 'function_call', name: 'f', arguments: '{}', call_id: 'c' }])).reward).toBe(0.0);
  });

  it('reads only content[0] of the last item', async () => {
    const msg: Item = { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Done.' }, { type: 'output_text', text: calendarText([ev(0, '10:30', 60), ev(1, '13:00', 30)]) }] };
    expect((await verify([msg])).reward).toBe(0.0);
  });

  it('passes any reply without <think> when no events are expected', async () => {
    expect((await verify([say('Nothing to change.')], {})).reward).toBe(1.0);
    expect((await verify([say('<think>hm</think> ok')], {})).reward).toBe(0.0);
  });

  it('rejects a missing or non-object exp_cal_state with 422', async () => {
    const { exp_cal_state: _, ...withoutState } = request([say('[]')]);
    for (const payload of [withoutState, request([say('[]')], [1]), request([say('[]')], 'x')]) {
      const res = await app.inject({ method: 'POST', url: '/verify', payload });
      expect(res.statusCode).toBe(422);
      expect(res.json().detail[0].loc).toEqual(['body', 'exp_cal_state']);
    }
  });
});

describe('gradeAssistantResponse', () => {
  it.each<[string, unknown[] | null, number, string]>([
    ['a valid calendar', [ev(0, '10:30', 60), ev(1, '13:00', 30)], 1, 'pass'],
    ['touching events do not overlap', [ev(0, '10:00', 60), ev(1, '11:00', 30)], 1, 'pass'],
    ['an identical duplicate is not an overlap with itself', [ev(0, '10:30', 60), ev(0, '10:30', 60), ev(1, '13:00', 30)], 1, 'pass'],
    ['a float duration equal to the int', [ev(0, '10:30', 60.5 - 0.5), ev(1, '13:00', 30)], 1, 'pass'],
    ['string ids that match the keys', [ev('0', '10:30', 60), ev('1', '13:00', 30)], 1, 'pass'],
    ['a missing event', [ev(0, '10:30', 60)], 0, 'different_number_of_events'],
    ['duplicate ids collapse', [ev(0, '10:30', 60), ev(0, '12:00', 60)], 0, 'different_number_of_events'],
    ['overlapping events', [ev(0, '10:30', 60), ev(1, '11:00', 30)], 0, 'conflicting_events'],
    ['a wrong duration', [ev(0, '10:30', 60), ev(1, '13:00', 45)], 0, 'constraint_violated'],
    ['ending after a "before" time', [ev(0, '10:30', 60), ev(1, '13:30', 30)], 0, 'constraint_violated'],
    ['leaving a "between" window', [ev(0, '11:00', 60), ev(1, '13:00', 30)], 0, 'constraint_violated'],
    ['starting before min_time', [ev(0, '10:30', 60), ev(1, '9:00', 30)], 0, 'constraint_violated'],
    ['a string duration (cannot be added)', [ev(0, '10:30', '60'), ev(1, '13:00', 30)], 0, 'error_in_grading'],
    ['an unparseable time', [ev(0, 'half past ten', 60), ev(1, '13:00', 30)], 0, 'error_in_grading'],
    ['an empty list', [], 0, 'no_json_list'],
  ])('%s → %i (%s)', (_what, events, reward, reason) => {
    expect(gradeAssistantResponse(calendarText(events ?? []), EXP)).toEqual({ reward, reason });
  });

  it('keys float ids by Python str(): 0.0 is "0.0", not "0"', () => {
    expect(gradeAssistantResponse('[{"event_id": 0.0, "start_time": "10:30", "duration": 60}, {"event_id": 1, "start_time": "13:00", "duration": 30}]', EXP)).toEqual({
      reward: 0,
      reason: 'error_in_grading',
    });
  });

  it('refuses replies with <think>, and replies without a list of objects', () => {
    expect(gradeAssistantResponse('<think>x</think>' + calendarText([ev(0, '10:30', 60), ev(1, '13:00', 30)]), EXP).reason).toBe('think_found');
    expect(gradeAssistantResponse('[1, 2, 3]', EXP).reason).toBe('no_json_list');
    expect(gradeAssistantResponse("[{'event_id': 0}]", EXP).reason).toBe('no_json_list');
  });

  it.each<[string | null, string, number]>([
    ['at 10:30', '10:30', 1],
    ['at 10:30', '10:45', 0],
    ['after 11:00', '11:00', 1],
    ['after 11:00', '10:59', 0],
    [null, '10:00', 1],
    ['sometime in the morning', '15:00', 1],
    ['between 10:00 and 11:00 and 12:00', '10:00', 0],
  ])('constraint %j with start %s → %i', (constraint, start, reward) => {
    const exp = { '5': { event_id: 5, duration: 30, constraint, min_time: '9:00', max_time: '17:00' } };
    expect(gradeAssistantResponse(JSON.stringify([ev(5, start, 30)]), exp).reward).toBe(reward);
  });

  it('scores 0 when an expected event lacks a field (KeyError in the reference)', () => {
    const exp = { '5': { event_id: 5, duration: 30, min_time: '9:00', max_time: '17:00' } };
    expect(gradeAssistantResponse(JSON.stringify([ev(5, '10:00', 30)]), exp)).toEqual({ reward: 0, reason: 'error_in_grading' });
  });
});
