// The replay model as the quick start uses it: `ng run` with an environment and replay_model, no LLM.
// Every example row of example_multi_step goes through simple_agent's /run and earns the recorded reward.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ENV = 'resources_servers/example_multi_step';
const readJsonl = (p: string) =>
  readFileSync(`${ROOT}${p}`, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));

let ng: ChildProcess;
let output = '';
let instances: Array<Record<string, any>> = [];

beforeAll(async () => {
  const headPort = await freePort();
  ng = spawn(
    process.execPath,
    ['--import', 'tsx', 'packages/cli/src/bin.ts', 'run', `+config_paths=[${ENV}/configs/example_multi_step.yaml,responses_api_models/replay_model/configs/replay_model.yaml]`, `++head_server.port=${headPort}`],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GYM_LOG_LEVEL: 'warn' } },
  );
  ng.stdout!.on('data', (d) => (output += d));
  ng.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (ng.exitCode !== null) throw new Error(`ng run exited early:\n${output}`);
    try {
      const rows = (await (await fetch(`http://127.0.0.1:${headPort}/server_instances`)).json()) as Array<Record<string, any>>;
      if (rows.length && rows.every((r) => r.status === 'ready')) {
        instances = rows;
        return;
      }
    } catch {
      /* head server not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`servers not ready:\n${output}`);
}, 90_000);

afterAll(async () => {
  if (ng && ng.exitCode === null) {
    const exited = new Promise((r) => ng.once('exit', r));
    ng.kill('SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  }
}, 20_000);

describe('replay_model under ng run', () => {
  it('replays every recorded example rollout through the agent loop with the recorded reward', async () => {
    const agent = instances.find((i) => i.server_type === 'responses_api_agents');
    expect(agent, output).toBeDefined();
    const rows = readJsonl(`${ENV}/data/example.jsonl`);
    const rollouts = readJsonl(`${ENV}/data/example_rollouts.jsonl`);
    for (const [i, row] of rows.entries()) {
      const recorded = rollouts.find((r) => JSON.stringify(r.responses_create_params.input) === JSON.stringify(row.responses_create_params.input));
      const res = await fetch(`${agent!.url}/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(row) });
      const text = await res.text();
      expect(res.status, text).toBe(200);
      const result = JSON.parse(text);
      expect(result.reward, `row ${i}`).toBe(recorded.reward);
      const calls = (o: Array<Record<string, any>>) => o.filter((x) => x.type === 'function_call').map((x) => [x.name, x.arguments]);
      expect(calls(result.response.output)).toEqual(calls(recorded.response.output));
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
