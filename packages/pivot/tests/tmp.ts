/** Scratch folders and row builders for the dataset-tool tests. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** A fresh temp folder, removed after the test file. */
export function scratchDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gym-pivot-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writeJsonl(file: string, rows: unknown[], raw: string[] = []): string {
  writeFileSync(file, [...rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))), ...raw].join('\n') + '\n');
  return file;
}

export function readJsonlFile<T = Record<string, any>>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export const weatherTool = {
  type: 'function',
  strict: true,
  name: 'get_weather',
  description: 'Weather for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
};

/** A valid pivot row; override any part. */
export function pivotRow(overrides: Record<string, unknown> = {}, params: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    responses_create_params: {
      input: [{ role: 'user', type: 'message', content: 'Weather in Paris?' }],
      tools: [weatherTool],
      parallel_tool_calls: false,
      tool_choice: 'auto',
      ...params,
    },
    expected_action: { type: 'function_call', name: 'get_weather', arguments: '{"city": "Paris"}' },
    agent_ref: { type: 'responses_api_agents', name: 'weather_pivots_agent' },
    ...overrides,
  };
}
