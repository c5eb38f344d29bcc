/** Rollout lines shaped like `ng collect-rollouts` output, and temp files to hold them. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Row = Record<string, unknown>;

export interface RolloutSpec {
  task: number;
  rollout: number;
  reward: number;
  question: string;
  answer: string;
  agent?: string;
  /** Add reasoning, a get_weather function call and its output before the answer. */
  city?: string;
  extra?: Row;
}

export function makeRollout(spec: RolloutSpec): Row {
  const output: Row[] = [];
  if (spec.city !== undefined) {
    output.push(
      { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: `I should look up the weather in ${spec.city}.` }], encrypted_content: null },
      { type: 'function_call', name: 'get_weather', arguments: JSON.stringify({ city: spec.city }), call_id: `call_${spec.task}_${spec.rollout}`, id: 'fc_1', status: 'completed' },
      { type: 'function_call_output', call_id: `call_${spec.task}_${spec.rollout}`, output: JSON.stringify({ city: spec.city, weather_description: 'sunny' }) },
    );
  }
  output.push({
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text: spec.answer, annotations: [] }],
  });
  return {
    responses_create_params: {
      input: [
        { role: 'system', content: 'You are a helpful assistant.', type: 'message' },
        { role: 'user', content: spec.question, type: 'message' },
      ],
      tools:
        spec.city === undefined
          ? []
          : [{ type: 'function', name: 'get_weather', description: 'Get the weather for a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: true }],
      temperature: 0.7,
      top_p: null,
      parallel_tool_calls: true,
    },
    response: {
      id: `resp_${spec.task}_${spec.rollout}`,
      object: 'response',
      model: 'test-model',
      output,
      usage: { input_tokens: 50 + spec.task, output_tokens: 10 + spec.rollout, total_tokens: 60 + spec.task + spec.rollout },
    },
    reward: spec.reward,
    ...spec.extra,
    _ng_task_index: spec.task,
    _ng_rollout_index: spec.rollout,
    agent_ref: { name: spec.agent ?? 'weather_agent' },
  };
}

export function tempDir(prefix = 'gym-viewer-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write lines (objects are JSON-encoded, strings written as they are) to a new temp file; returns its path. */
export function writeRolloutsFile(lines: Array<Row | string>, name = 'rollouts.jsonl'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return path;
}
