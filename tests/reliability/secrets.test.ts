/**
 * Secrets end to end: an API key, an auth token and an HF token are planted in env.yaml; an
 * environment runs with debug logs (the shipped example chain on `openai_model` against a fake
 * upstream that echoes the key in an error, plus a server whose tool fails with the key in its
 * error message); rollouts are collected. Then every artifact is searched for the planted values:
 * `ng run`'s output (every child's log lines), `ng collect-rollouts`' output, every file it wrote,
 * `ng dump-config`, the head server's routes, error replies, and the process table.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { fakeError, spawnNg, startFakeUpstream, type FakeUpstream } from '@gym/testing';
import { processTree, readJsonlFile, runCollect, SHIPPED_AGENT, startEnvironment, type Environment } from './helpers/environment.ts';
import { createWorkspace, LEAKY_RESOURCES_APP, type Workspace } from './helpers/workspace.ts';

const KEY = `sk-planted-${randomBytes(8).toString('hex')}`;
const TOKEN = `tok-planted-${randomBytes(8).toString('hex')}`;
const HF = `hf_planted_${randomBytes(8).toString('hex')}`;
const PLANTED = { api_key: KEY, auth_token: TOKEN, hf_token: HF };
const CONFIGS = '+config_paths=[resources_servers/example_single_tool_call/configs/example_single_tool_call.yaml,responses_api_models/openai_model/configs/openai_model.yaml]';

let upstream: FakeUpstream;
let ws: Workspace;
let env: Environment;
/** Everything a person or a log shipper could see, by where it came from. */
const artifacts = new Map<string, string>();
const auth = { authorization: `Bearer ${TOKEN}` };
/** The resolved config handed to children (it must hold the secrets, owner-only, and go away with the run). */
const configFiles = new Set<string>();

beforeAll(async () => {
  upstream = await startFakeUpstream();
  // The first model call is refused by an upstream that quotes the key back, as OpenAI's 401 does.
  upstream.enqueue('responses', fakeError(401, { error: { message: `Incorrect API key provided: ${KEY}.`, type: 'invalid_request_error', code: 'invalid_api_key' } }));
  ws = createWorkspace('secrets', {
    files: { 'resources_servers/leaky/app.ts': LEAKY_RESOURCES_APP },
    links: ['resources_servers/example_single_tool_call', 'responses_api_agents/simple_agent', 'responses_api_models/openai_model'],
    envYaml: [
      `policy_base_url: ${upstream.baseUrl}`,
      `policy_api_key: ${KEY}`,
      'policy_model_name: fake-model',
      `auth_token: ${TOKEN}`,
      `hf_token: ${HF}`,
      'verbose: true',
      'leaky_resources:',
      '  resources_servers:',
      '    leaky:',
      '      entrypoint: app.ts',
      '      domain: other',
      '      judge_api_key: ${policy_api_key}',
    ],
  });
  env = await startEnvironment([CONFIGS], { env: { GYM_ROOT: ws.root, GYM_LOG_LEVEL: 'debug' }, cwd: ws.root, token: TOKEN });
}, 120_000);

afterAll(async () => {
  await env?.stop('SIGKILL');
  await upstream?.close();
  ws?.cleanup();
});

/** Where each planted value shows up, with the line around it (empty when nothing leaked). */
function leaksIn(where: string, text: string): string[] {
  return Object.entries(PLANTED).flatMap(([name, value]) =>
    text
      .split('\n')
      .filter((line) => line.includes(value))
      .map((line) => `${where}: the planted ${name} in ${JSON.stringify(line.slice(0, 300))}`),
  );
}
function expectNoSecret(where: string, text: string) {
  expect(leaksIn(where, text)).toEqual([]);
}

describe('planted secrets never leave the config', () => {
  it('the key is really in use: the upstream received it, the config file handed to children is owner-only', async () => {
    const before = upstream.requests.length;
    const res = await runCollectRollouts();
    expect(upstream.requests.length).toBeGreaterThan(before);
    expect(upstream.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(res.code).toBe(1); // the 401 rollout failed; the others went through
    const out = readJsonlFile(join(ws.root, 'results/rollouts.jsonl'));
    expect(out.length).toBe(4);
    const failures = readJsonlFile(join(ws.root, 'results/rollouts_failures.jsonl'));
    expect(failures.length).toBe(1);
    expect(String(failures[0]._ng_failure_cause)).toMatch(/returned HTTP 401: .*Incorrect API key provided: \*\*\*\*/);

    for (const row of processTree(env.ng.child.pid!)) {
      expectNoSecret(`command line of pid ${row.pid}`, row.cmdline);
      const environ = readFileSync(`/proc/${row.pid}/environ`, 'utf8');
      const file = environ.split('\0').find((kv) => kv.startsWith('GYM_CONFIG_FILE='))?.slice('GYM_CONFIG_FILE='.length);
      if (file) {
        expect(statSync(file).mode & 0o077, `${file} is readable by others`).toBe(0);
        configFiles.add(file);
      }
    }
  }, 120_000);

  it('errors that carry a secret reach callers and logs masked', async () => {
    const url = await serverUrl('leaky_resources');
    const failed = await request(`${url}/call_judge`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
    const text = await failed.body.text();
    artifacts.set('500 reply of a tool whose error quotes the key', text);
    expect(failed.statusCode).toBe(500);
    expect(text).toContain('key=****');
    for (const headers of [{}, { authorization: `Bearer ${TOKEN.slice(0, -1)}x` }]) {
      const denied = await request(`${url}/call_judge`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
      expect(denied.statusCode).toBe(401);
      artifacts.set(`401 reply (${JSON.stringify(headers)})`, await denied.body.text());
    }
  });

  it('the head server, ng dump-config and every artifact of the run are free of the planted values', async () => {
    for (const path of ['/global_config_dict_yaml', '/global_config_dict', '/server_instances', '/']) {
      const res = await request(`${env.headUrl}${path}`, { headers: auth });
      expect(res.statusCode).toBe(200);
      artifacts.set(`head ${path}`, await res.body.text());
    }
    const dump = spawnNg(['dump-config', CONFIGS], { cwd: ws.root, env: { GYM_ROOT: ws.root } });
    expect((await dump.exited).code).toBe(0);
    artifacts.set('ng dump-config', dump.output());
    // Positive control: the search does find a value where it is meant to be shown.
    const shown = spawnNg(['dump-config', CONFIGS, '--show-secrets'], { cwd: ws.root, env: { GYM_ROOT: ws.root } });
    await shown.exited;
    expect(shown.output()).toContain(KEY);

    const { code } = await env.stop('SIGINT');
    expect(code).toBe(0);
    artifacts.set('ng run output (launcher and every child, debug level)', env.ng.output());
    expect(configFiles.size).toBeGreaterThan(0);
    for (const file of configFiles) expect(existsSync(file), `${file} outlived the run`).toBe(false);
    for (const file of filesUnder(join(ws.root, 'results'))) artifacts.set(file, readFileSync(file, 'utf8'));

    expect(env.ng.output()).toMatch(/calling judge with key \*\*\*\*/); // the debug-level run did log around the secret
    expect([...artifacts.keys()].filter((k) => k.includes('results')).length).toBeGreaterThanOrEqual(4);
    expect([...artifacts].flatMap(([where, text]) => leaksIn(where, text))).toEqual([]);
  }, 120_000);
});

async function runCollectRollouts() {
  const res = await runCollect(
    env,
    [
      `+agent_name=${SHIPPED_AGENT}`,
      `+input_jsonl_fpath=${join(ws.root, 'resources_servers/example_single_tool_call/data/example.jsonl')}`,
      `+output_jsonl_fpath=${join(ws.root, 'results/rollouts.jsonl')}`,
      '+num_samples_in_parallel=1',
    ],
    { GYM_AUTH_TOKEN: TOKEN, GYM_LOG_LEVEL: 'debug' },
  );
  artifacts.set('ng collect-rollouts output', res.output);
  return res;
}

async function serverUrl(name: string): Promise<string> {
  const row = (await env.instances()).find((r) => r.process_name === name);
  return String(row!.url);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}
