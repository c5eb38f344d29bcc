/** The real `ng` binary as a child process: exit codes and output of `ng pivot …`. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readJsonl, scratchDir, writeJsonl } from '@gym/testing';
import { pivotRow } from './rows.ts';

type Row = Record<string, any>;

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const dir = scratchDir('gym-pivot-');

function ng(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(repo, 'packages/cli/src/bin.ts'), ...args], { cwd: repo }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('ng pivot (child process)', () => {
  it('validate: summary and exit 0; the failing line and field on stderr and exit 1; bad usage exit 2', async () => {
    const good = writeJsonl(path.join(dir, 'ok.jsonl'), [pivotRow(), pivotRow({ expected_action: { type: 'message', content: 'Sunny.' } })]);
    const bad = writeJsonl(path.join(dir, 'bad.jsonl'), [pivotRow(), pivotRow({}, { metadata: null })]);
    const [ok, failed, usage] = await Promise.all([
      ng(['pivot', 'validate', '--path', good, '--agent-ref', 'weather_pivots_agent']),
      ng(['pivot', 'validate', '--path', bad]),
      ng(['pivot', 'convert', '--input', good, '--out', path.join(dir, 'never'), '--agent-name', 'a_agent', '--limit', 'ten']),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('rows: 2\n');
    expect(ok.stdout).toContain('expected_action_split:\n  function_call: 1 (50.00%)\n  message: 1 (50.00%)\n');
    expect(failed).toEqual({ code: 1, stdout: '', stderr: 'validation failed: line 2: responses_create_params.metadata is null; omit the key instead\n' });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--limit expects a non-negative integer');
  }, 30_000);

  it('convert then config: rows and a YAML that routes them', async () => {
    const tools = (pivotRow().responses_create_params as { tools: unknown[] }).tools;
    const call = { id: 'c1', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } };
    const input = writeJsonl(path.join(dir, 'traj.jsonl'), [{ tools, messages: [{ role: 'user', content: 'Weather in Paris?' }, { role: 'assistant', content: null, tool_calls: [call] }] }]);
    const out = path.join(dir, 'cli_pivots');
    const conv = await ng(['pivot', 'convert', '--input', input, '--out', out, '--agent-name', 'cli_pivots_agent']);
    expect(conv.code).toBe(0);
    expect(conv.stdout).toMatch(/^1 pivot rows from 1 decision points in 1 trajectories/);
    expect(readJsonl<Row>(`${out}.jsonl`)[0].expected_action).toEqual({ type: 'function_call', name: 'get_weather', arguments: '{"city": "Paris"}' });

    const cfg = await ng(['pivot', 'config', '--path', `${out}.jsonl`]);
    expect(cfg.code).toBe(0);
    expect(cfg.stdout).toContain("agent 'cli_pivots_agent' → resources server 'cli_pivots_resources_server'");
  }, 30_000);
});
