/**
 * calendar: multi-turn scheduling. The model's last turn must print the
 * whole calendar as a JSON list; verify checks it against `exp_cal_state`
 * (count, no overlaps, durations, time windows, before/after/between/at
 * constraints). No tools.
 */
import { Type, verifyRequestWith } from '@gym/schemas';
import { defineResourcesServer, isMainModule, serve } from '@gym/server';
import { gradeAssistantResponse } from './src/grade.ts';

export const CalendarVerifyRequest = verifyRequestWith({ exp_cal_state: Type.Record(Type.String(), Type.Unknown()) });

/**
 * `content[0].text` of the last output item when it has content: the final
 * message, or nothing when the model stopped while still reasoning.
 */
export function lastItemText(output: ReadonlyArray<Record<string, unknown>>): string {
  const last = output[output.length - 1];
  if (!last || !Array.isArray(last.content) || last.content.length === 0) return '';
  const text = (last.content[0] as Record<string, unknown> | null)?.text;
  return typeof text === 'string' ? text : '';
}

export const server = defineResourcesServer({
  className: 'CalendarResourcesServer',
  verifyRequest: CalendarVerifyRequest,
  reverifyMode: 'stateless',
  verify(body) {
    const text = lastItemText(body.response.output);
    if (!text) return { reward: 0.0 };
    return { reward: gradeAssistantResponse(text, body.exp_cal_state).reward };
  },
});

if (isMainModule(import.meta.url)) await serve(server);
