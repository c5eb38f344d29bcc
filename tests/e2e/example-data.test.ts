/**
 * Every shipped environment end to end: one `ng run` with every resources
 * server's config and the built-in replay model, then `/run` on each agent for
 * each of its example rows; the rewards must equal the recorded example
 * rollouts the replay model answers from.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerClient } from '@gym/client';
import { freePort, readJsonl, REPO_ROOT, spawnNg, waitForEnvironment, type NgProcess } from '@gym/testing';

type Row = Record<string, unknown>;

/** The main config of each resources server folder (the one named after the folder). */
function serverConfigs(): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(REPO_ROOT, 'resources_servers')).sort()) {
    const file = `resources_servers/${name}/configs/${name}.yaml`;
    if (existsSync(join(REPO_ROOT, file)) && existsSync(join(REPO_ROOT, `resources_servers/${name}/data/example_rollouts.jsonl`))) out.push(file);
  }
  return out;
}

interface AgentDataset {
  agent: string;
  rows: Row[];
  recorded: Map<number, number>;
}

/** Example datasets of every agent instance, with the rewards recorded next to them. */
function exampleDatasets(tree: Record<string, unknown>): AgentDataset[] {
  const out: AgentDataset[] = [];
  for (const [name, block] of Object.entries(tree)) {
    const impls = (block as Row | undefined)?.responses_api_agents as Record<string, Row> | undefined;
    if (!impls) continue;
    const inner = Object.values(impls)[0];
    for (const ds of (inner.datasets as Row[] | undefined) ?? []) {
      if (ds.type !== 'example') continue;
      const rowsFile = join(REPO_ROOT, String(ds.jsonl_fpath));
      const rolloutsFile = join(dirname(rowsFile), 'example_rollouts.jsonl');
      if (!existsSync(rolloutsFile)) continue;
      const recorded = new Map<number, number>();
      for (const r of readJsonl(rolloutsFile)) recorded.set(r._ng_task_index as number, r.reward as number);
      out.push({ agent: name, rows: readJsonl(rowsFile), recorded });
    }
  }
  return out;
}

describe('every shipped environment runs offline with the replay model', () => {
  const configs = serverConfigs();
  let ng: NgProcess;
  let client: ServerClient;

  beforeAll(async () => {
    const headPort = await freePort();
    const headUrl = `http://127.0.0.1:${headPort}`;
    const paths = [...configs, 'responses_api_models/replay_model/configs/replay_model.yaml'];
    ng = spawnNg(['run', `+config_paths=[${paths.join(',')}]`, `++head_server.port=${headPort}`, '++shutdown_grace_seconds=3']);
    await waitForEnvironment(headUrl, ng, 240_000);
    client = await ServerClient.fromGlobalConfig({ headUrl });
  }, 260_000);

  afterAll(async () => {
    ng?.child.kill('SIGINT');
    const { code } = await ng.exited;
    expect(code).toBe(0);
  }, 30_000);

  it('finds a config for every resources server folder', () => {
    expect(configs.length).toBeGreaterThanOrEqual(11);
  });

  it('reproduces every recorded example reward through /run', async () => {
    const datasets = exampleDatasets(client.tree);
    expect(datasets.length).toBeGreaterThanOrEqual(11);
    const mismatches: string[] = [];
    let checked = 0;
    await Promise.all(
      datasets.map(async ({ agent, rows, recorded }) => {
        for (const [i, row] of rows.entries()) {
          const res = await client.post(agent, '/run', { ...row, _ng_task_index: i, _ng_rollout_index: 0 });
          if (!res.ok) {
            mismatches.push(`${agent} row ${i}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
            continue;
          }
          const body = res.json<Row>();
          checked++;
          if (!recorded.has(i)) mismatches.push(`${agent} row ${i}: no recorded rollout`);
          else if (body.reward !== recorded.get(i)) mismatches.push(`${agent} row ${i}: reward ${body.reward}, recorded ${recorded.get(i)}`);
        }
      }),
    );
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(55);
  }, 240_000);
});
