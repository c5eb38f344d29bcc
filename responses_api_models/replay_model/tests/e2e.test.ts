// The replay model as the quick start uses it: `ng run` with an environment and replay_model, no LLM.
// Every example row of example_multi_step goes through simple_agent's /run and earns the recorded reward.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, readJsonl, REPO_ROOT, spawnNg, waitForEnvironment, type NgProcess } from '@gym/testing';

const ENV = 'resources_servers/example_multi_step';
const read = (p: string) => readJsonl<Record<string, any>>(join(REPO_ROOT, p));

let ng: NgProcess;
let instances: Array<Record<string, any>> = [];

beforeAll(async () => {
  const headPort = await freePort();
  ng = spawnNg(
    ['run', `+config_paths=[${ENV}/configs/example_multi_step.yaml,responses_api_models/replay_model/configs/replay_model.yaml]`, `++head_server.port=${headPort}`],
    { env: { GYM_LOG_LEVEL: 'warn' } },
  );
  instances = await waitForEnvironment(`http://127.0.0.1:${headPort}`, ng, 60_000);
}, 90_000);

afterAll(async () => {
  if (ng?.child.exitCode === null) {
    ng.child.kill('SIGINT');
    await Promise.race([ng.exited, new Promise((r) => setTimeout(r, 15_000))]);
  }
}, 20_000);

describe('replay_model under ng run', () => {
  it('replays every recorded example rollout through the agent loop with the recorded reward', async () => {
    const agent = instances.find((i) => i.server_type === 'responses_api_agents');
    expect(agent, ng.output()).toBeDefined();
    const rows = read(`${ENV}/data/example.jsonl`);
    const rollouts = read(`${ENV}/data/example_rollouts.jsonl`);
    for (const [i, row] of rows.entries()) {
      const recorded = rollouts.find((r) => JSON.stringify(r.responses_create_params.input) === JSON.stringify(row.responses_create_params.input));
      const res = await fetch(`${agent!.url}/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(row) });
      const text = await res.text();
      expect(res.status, text).toBe(200);
      const result = JSON.parse(text);
      expect(result.reward, `row ${i}`).toBe(recorded!.reward);
      const calls = (o: Array<Record<string, any>>) => o.filter((x) => x.type === 'function_call').map((x) => [x.name, x.arguments]);
      expect(calls(result.response.output)).toEqual(calls(recorded!.response.output));
    }
  });
});
