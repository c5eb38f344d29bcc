import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonl, scratchDir, writeJsonl } from '@gym/testing';
import { materializeInputs, type MaterializeOptions } from '../src/index.ts';
import { question } from './helpers.ts';

const scratch = scratchDir('gym-data-');
let n = 0;

async function materialize(rows: Array<Record<string, unknown> | string>, opts: Partial<MaterializeOptions> = {}) {
  const input = writeJsonl(path.join(scratch, `in${n}.jsonl`), rows);
  const target = path.join(scratch, `out${n++}.jsonl`);
  const warnings: string[] = [];
  const summary = await materializeInputs({ inputJsonlFpath: input, agentName: 'agent_a', ...opts }, target, (w) => warnings.push(w));
  return { rows: readJsonl(target), summary, warnings };
}

describe('materializeInputs', () => {
  it('gives identical lines one task index and counts rollouts on across them (repeats consecutive)', async () => {
    const same = question('q?', 'a');
    const { rows, summary } = await materialize([same, question('other?', 'b'), same], { numRepeats: 2 });
    expect(rows.map((r) => [r._ng_task_index, r._ng_rollout_index])).toEqual([
      [0, 0], [0, 1], [1, 0], [1, 1], [0, 2], [0, 3],
    ]);
    expect(summary).toMatchObject({ rollouts: 6, tasks: 2 });
  });

  it('keeps an existing _ng_task_index and writes compact rows with the indices last', async () => {
    const { rows } = await materialize([question('q?', 'a', { _ng_task_index: 7 }), question('r?', 'b')]);
    expect(rows.map((r) => r._ng_task_index)).toEqual([7, 8]);
    expect(Object.keys(rows[1]).slice(-3)).toEqual(['agent_ref', '_ng_task_index', '_ng_rollout_index']);
  });

  it('sets agent_ref only where the row has none', async () => {
    const { rows } = await materialize([question('q?', 'a', { agent_ref: { type: 'responses_api_agents', name: 'own' } }), question('r?', 'b')]);
    expect(rows.map((r) => r.agent_ref)).toEqual([{ type: 'responses_api_agents', name: 'own' }, { name: 'agent_a' }]);
  });

  it('reports every row without an agent together when no +agent_name is given', async () => {
    await expect(materialize([question('q?', 'a'), question('r?', 'b', { agent_ref: { name: 'x' } }), question('s?', 'c')], { agentName: undefined })).rejects.toMatchObject({
      code: 'GYM_DATA_NO_AGENT',
      message: expect.stringMatching(/No agent specified for rows \[1, 3\]/),
    });
  });

  it('replaces whole top-level params keys with the overrides (shallow merge)', async () => {
    const row = { responses_create_params: { input: 'hi', temperature: 1, metadata: { a: '1', b: '2' } } };
    const { rows } = await materialize([row], { responsesCreateParams: { temperature: 0.5, metadata: { c: '3' } } });
    expect(rows[0].responses_create_params).toEqual({ input: 'hi', temperature: 0.5, metadata: { c: '3' } });
  });

  it('puts the rollout index as seed into metadata.extra_body with num_repeats_add_seed', async () => {
    const { rows } = await materialize([{ responses_create_params: { input: 'hi', metadata: { extra_body: '{"top_k": 5}' } } }], { numRepeats: 2, numRepeatsAddSeed: true });
    expect(rows.map((r) => (r.responses_create_params as { metadata: { extra_body: string } }).metadata.extra_body)).toEqual(['{"top_k": 5, "seed": 0}', '{"top_k": 5, "seed": 1}']);
    const plain = await materialize([{ responses_create_params: { input: 'hi' } }], { numRepeatsAddSeed: true });
    expect((plain.rows[0].responses_create_params as { metadata: unknown }).metadata).toEqual({ extra_body: '{"seed": 0}' });
  });

  it('takes per-agent repeats with a _default, and fails for an agent with neither', async () => {
    const rows = [question('q?', 'a', { agent_ref: { name: 'x' } }), question('r?', 'b', { agent_ref: { name: 'y' } })];
    const { rows: out, warnings } = await materialize(rows, { numRepeats: { x: 3, _default: 1, ghost: 2 } });
    expect(out.length).toBe(4);
    expect(warnings.join()).toMatch(/'ghost', which no row uses/);
    await expect(materialize(rows, { numRepeats: { x: 3 } })).rejects.toThrow(/no entry for agent 'y' and no '_default'/);
  });

  it('stops after +limit rows and names file and line of bad rows', async () => {
    const { rows } = await materialize([question('a?', 'a'), question('b?', 'b'), '{broken'], { limit: 2 });
    expect(rows.length).toBe(2);
    await expect(materialize([question('a?', 'a'), '{broken'])).rejects.toThrow(/Malformed JSON in '.*in\d+\.jsonl' at line 2/);
    await expect(materialize([question('a?', 'a'), { responses_create_params: {} }])).rejects.toThrow(/line 2: the row has no `responses_create_params.input`/);
  });
});
