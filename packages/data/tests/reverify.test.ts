import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineResourcesServer } from '@gym/server';
import { readJsonl, scratchDir, writeJsonl } from '@gym/testing';
import { collectRollouts, formatReverifyReport, reverifyRollouts } from '../src/index.ts';
import { server as echoCheck } from './fixtures/gym_root/resources_servers/echo_check/app.ts';
import { question, startInProcessEnvironment, type InProcessEnvironment } from './helpers.ts';

const scratch = scratchDir('gym-data-');
let original: InProcessEnvironment;
let rollouts = '';
beforeAll(async () => {
  original = await startInProcessEnvironment();
  const input = writeJsonl(path.join(scratch, 'input.jsonl'), [question('Say France.', 'France'), question('Say nothing.', 'seven'), question('Say cat.', 'cat')]);
  rollouts = path.join(scratch, 'rollouts.jsonl');
  await collectRollouts({ inputJsonlFpath: input, outputJsonlFpath: rollouts, agentName: 'tiny_agent', numRepeats: 2, client: original.client, progress: 'none', log: () => {} });
});
afterAll(async () => {
  await original.close();
});

describe('reverifyRollouts', () => {
  it('reports no change with the same verifier', async () => {
    const r = await reverifyRollouts({ inputJsonlFpath: rollouts, client: original.client, log: () => {} });
    expect(r).toMatchObject({ total: 6, reverified: 6, unchanged: 6, changedCount: 0, failed: 0, unsafe: false, modes: { echo_check: 'stateless' } });
    expect(r.outputPath).toBe(path.join(scratch, 'rollouts_reverified.jsonl'));
    expect(readJsonl(r.outputPath).map((x) => x.reward)).toEqual(readJsonl(rollouts).map((x) => x.reward));
  });

  it('lists every changed reward (table and JSONL) when the verifier changed', async () => {
    const changed = await startInProcessEnvironment({ rewardForMatch: 0.5 });
    try {
      const out = path.join(scratch, 'changed.jsonl');
      const logs: string[] = [];
      const r = await reverifyRollouts({ inputJsonlFpath: rollouts, outputJsonlFpath: out, client: changed.client, log: (l) => logs.push(l) });
      expect(r).toMatchObject({ reverified: 6, unchanged: 2, changedCount: 4, meanOld: 4 / 6, meanNew: 2 / 6 });
      const diffs = readJsonl(r.diffsPath);
      expect(diffs.length).toBe(4);
      expect(diffs.every((d) => d.old_reward === 1 && d.new_reward === 0.5 && d.delta === -0.5)).toBe(true);
      expect(logs.at(-1)).toMatch(/Reverified 6 \/ 6 rollouts \(100%\)/);
      const report = formatReverifyReport(r);
      expect(report).toMatch(/4 changed/);
      expect(report).toMatch(/task\s+rollout\s+agent\s+old reward\s+new reward/);
      expect(report).toMatch(/tiny_agent\s+1\.0000\s+0\.5000/);
      // Resume continues an existing output instead of redoing it.
      const again = await reverifyRollouts({ inputJsonlFpath: rollouts, outputJsonlFpath: out, resume: true, client: changed.client, log: () => {} });
      expect(again).toMatchObject({ skipped: 6, reverified: 0 });
      expect(readFileSync(out, 'utf8').trim().split('\n').length).toBe(6);
    } finally {
      await changed.close();
    }
  });

  it('needs +force for a verifier that is not stateless, and then names the output unsafe_', async () => {
    const unsafeServer = defineResourcesServer({ ...echoCheck.spec, reverifyMode: 'unsupported' });
    const env = await startInProcessEnvironment({ resources: unsafeServer as never });
    try {
      await expect(reverifyRollouts({ inputJsonlFpath: rollouts, outputJsonlFpath: path.join(scratch, 'u.jsonl'), client: env.client, log: () => {} })).rejects.toThrow(
        /'echo_check' \(reverify_mode: unsupported\).*\+force=true/,
      );
      const r = await reverifyRollouts({ inputJsonlFpath: rollouts, outputJsonlFpath: path.join(scratch, 'u.jsonl'), force: true, client: env.client, log: () => {} });
      expect(r.outputPath).toBe(path.join(scratch, 'unsafe_u.jsonl'));
      expect(r.reverified).toBe(6);
    } finally {
      await env.close();
    }
  });
});
