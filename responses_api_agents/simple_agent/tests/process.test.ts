/**
 * The agent as the launcher runs it: `app.ts` in its own process, reading
 * the resolved config from GYM_CONFIG_FILE, talking to a model server and a
 * resources server over real sockets.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, functionCall, message, postJson, scriptedModel, Topology } from '@gym/testing';
import { counterResources } from './fakes.ts';

const AGENT_DIR = fileURLToPath(new URL('..', import.meta.url));

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`agent exited early:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`agent not healthy within 30 s:\n${output()}`);
}

describe('simple_agent as a child process', () => {
  const topo = new Topology();
  const tmp = mkdtempSync(path.join(tmpdir(), 'gym-simple-agent-'));
  let child: ChildProcess | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await topo.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('serves /run from the config it is given', async () => {
    await topo.start('policy_model', scriptedModel((_b, n) => ({ output: n === 1 ? [functionCall('increment_counter', '{"count": 2}', 'c1')] : [message('done')] })));
    await topo.start('res', counterResources());
    const port = await freePort();
    topo.tree.agent = {
      responses_api_agents: {
        simple_agent: {
          entrypoint: 'app.ts',
          host: '127.0.0.1',
          port,
          resources_server: { type: 'resources_servers', name: 'res' },
          model_server: { type: 'responses_api_models', name: 'policy_model' },
          max_steps: 5,
        },
      },
    };
    const configFile = path.join(tmp, 'config.json');
    writeFileSync(configFile, JSON.stringify(topo.tree));

    let output = '';
    child = spawn(process.execPath, ['--import', 'tsx', 'app.ts'], {
      cwd: AGENT_DIR,
      env: { ...process.env, GYM_CONFIG_FILE: configFile, NEMO_GYM_CONFIG_PATH: 'agent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    await waitForHealth(`http://127.0.0.1:${port}/`, child, () => output);

    const res = await postJson(topo.client, 'agent', '/run', { responses_create_params: { input: 'add 2' }, initial_count: 40, expected_count: 42 });
    expect(res.status).toBe(200);
    expect(res.body.reward).toBe(1);
    expect(topo.hopsTo('res').map((h) => h.path)).toEqual(['/seed_session', '/increment_counter', '/verify']);
  }, 40_000);
});
