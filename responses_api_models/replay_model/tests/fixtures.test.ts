// Every rollout recorded from the reference (../shared/fixtures/servers) replays turn by turn.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '@gym/testing';
import { modelTurns, RolloutIndex } from '../src/rollout-index.ts';

const dir = fixturesDir('servers/');
const files = dir ? readdirSync(dir).map((name) => `${dir}${name}/example_rollouts.jsonl`).filter(existsSync) : [];

describe.skipIf(!dir)('replaying the reference recordings', () => {
  it.each(files.map((f) => [f.slice(dir!.length), f]))('%s', (label, file) => {
    const index = new RolloutIndex();
    const text = readFileSync(file, 'utf8');
    index.addJsonl(file, text, label);
    expect(index.stats.skippedLines).toBe(0);
    let selfMatches = 0;
    text.split('\n').filter((l) => l.trim()).forEach((line, i) => {
      const rollout = JSON.parse(line);
      const params = rollout.responses_create_params;
      const output: Record<string, any>[] = rollout.response.output;
      const rowInput = typeof params.input === 'string' ? [{ role: 'user', content: params.input }] : params.input;
      for (const [start, end] of modelTurns(output)) {
        // Tool outputs are replaced: a replay must not depend on what the tools returned.
        const prefix = output.slice(0, start).map((item) => (item.type === 'function_call_output' ? { ...item, output: 'different this time' } : item));
        const found = index.lookup({ input: [...rowInput, ...prefix], tools: params.tools, instructions: params.instructions });
        expect(found, `${label}:${i + 1} turn at ${start}`).toBeDefined();
        // Repeated rollouts of one task share prefixes; the first recording answers them all.
        if (found!.source === `${label}:${i + 1}`) {
          selfMatches++;
          expect(found!.items).toEqual(output.slice(start, end));
        }
      }
    });
    expect(selfMatches).toBeGreaterThan(0);
  });
});
