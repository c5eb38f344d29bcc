/**
 * The shipped example datasets stay consistent with their committed
 * `*_metrics.json`: `ng prepare-data +mode=example_validation` over every
 * resources server's configs must pass.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, spawnNg } from '@gym/testing';

describe('shipped example data', () => {
  it('validates against the committed metrics files', async () => {
    const configs = readdirSync(join(REPO_ROOT, 'resources_servers'))
      .sort()
      .flatMap((name) => readdirSync(join(REPO_ROOT, 'resources_servers', name, 'configs')).map((f) => `resources_servers/${name}/configs/${f}`));
    const out = join(REPO_ROOT, '.tmp', `prepare-data-${process.pid}`);
    const ng = spawnNg(['prepare-data', `+config_paths=[${configs.join(',')},responses_api_models/replay_model/configs/replay_model.yaml]`, '+mode=example_validation', `+output_dirpath=${out}`]);
    const { code } = await ng.exited;
    expect(ng.output()).not.toMatch(/conflict|mismatch/i);
    expect(code).toBe(0);
  }, 60_000);
});
