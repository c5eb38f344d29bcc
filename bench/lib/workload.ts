/**
 * The pivot workload: the example rows of
 * resources_servers/single_step_tool_use_with_argument_comparison, the
 * canned tool call the instant model answers each of them with, the
 * recordings that make replay_model that instant model, and the input files
 * of the collect-rollouts memory test.
 */
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { REPO_ROOT } from './processes.ts';

export type Row = Record<string, any>;

export const PIVOT_SERVER_DIR = join(REPO_ROOT, 'resources_servers/single_step_tool_use_with_argument_comparison');
export const PIVOT_CONFIG = 'resources_servers/single_step_tool_use_with_argument_comparison/configs/single_step_tool_use_with_argument_comparison.yaml';
export const REPLAY_MODEL_CONFIG = 'responses_api_models/replay_model/configs/replay_model.yaml';
export const PIVOT_AGENT = 'single_step_tool_use_with_argument_comparison_agent';
export const PIVOT_RESOURCES = 'single_step_tool_use_with_argument_comparison_resources_server';

export function loadPivotRows(): Row[] {
  const text = readFileSync(join(PIVOT_SERVER_DIR, 'data/example.jsonl'), 'utf8');
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Row);
}

/**
 * The tool call the instant model makes for a row: the demonstrated call when
 * the row expects one (reward 1), else a call of the row's first tool (reward 0),
 * so the verifier does its full comparison either way.
 */
export function cannedCall(row: Row, index: number): Row {
  const expected = row.expected_action;
  const firstTool = row.responses_create_params.tools?.[0]?.name ?? 'noop';
  const [name, args] = expected?.type === 'function_call' ? [expected.name, expected.arguments] : [firstTool, '{}'];
  return { type: 'function_call', call_id: `call_bench_${index}`, name, arguments: args, status: 'completed' };
}

/** Recordings for replay_model: one model turn per row, the canned call. */
export function writeReplayRollouts(rows: Row[], file: string): void {
  const lines = rows.map((row, i) =>
    JSON.stringify({ responses_create_params: row.responses_create_params, response: { output: [cannedCall(row, i)], status: 'completed' } }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/**
 * What the bare model-like echo and the bench's Gym echo server add to the
 * request's echoed parameters: the same fields replay_model answers with.
 */
export function cannedResponseFields(rows: Row[]): Row {
  return {
    id: 'resp_bench',
    object: 'response',
    created_at: 1_700_000_000,
    model: 'bench_model',
    output: [{ ...cannedCall(rows[0], 0), id: 'fc_bench' }],
    status: 'completed',
    incomplete_details: null,
    error: null,
    usage: { input_tokens: 900, output_tokens: 20, total_tokens: 920, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
  };
}

/** The Response the instant model gives for a row (what /verify receives). */
export function responseFor(rows: Row[], index: number): Row {
  const { input: _input, ...params } = rows[index].responses_create_params;
  return { ...params, ...cannedResponseFields(rows), output: [{ ...cannedCall(rows[index], index), id: `fc_bench_${index}` }] };
}

/** `/run` bodies: the rows as collection would send them. */
export function runBodies(rows: Row[]): string[] {
  return rows.map((row) => JSON.stringify(row));
}

/**
 * `n` distinct input rows for `ng collect-rollouts` (cycling the example rows,
 * each with its own id so every line is its own task), written line by line so
 * the bench itself never holds 100k rows.
 */
export async function writeCollectInput(rows: Row[], n: number, file: string): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < n; i++) {
    const line = `${JSON.stringify({ ...rows[i % rows.length], bench_row_id: i })}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Whether a `/run` reply is a verify response (has a numeric reward). */
export function isRunResult(text: string): boolean {
  return /"reward":-?\d/.test(text);
}
