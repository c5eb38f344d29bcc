import { describe, expect, it } from 'vitest';
import { buildServer } from '@gym/server';
import { server as simpleAgent } from '../app.ts';
import { DEFAULT_MAX_STEPS, resolveMaxSteps } from '../src/config.ts';

describe('simple_agent config', () => {
  it('bounds unset and null max_steps, and reads 0 as unlimited', () => {
    expect(resolveMaxSteps(undefined)).toBe(DEFAULT_MAX_STEPS);
    expect(resolveMaxSteps(null)).toBe(DEFAULT_MAX_STEPS);
    expect(resolveMaxSteps(0)).toBeNull();
    expect(resolveMaxSteps(7)).toBe(7);
  });

  it('refuses to start without a resources server, naming the key', async () => {
    await expect(buildServer(simpleAgent, { instanceName: 'broken_agent', config: { max_steps: 3 }, docs: false })).rejects.toThrow(
      /broken_agent\.resources_server/,
    );
  });

  it('refuses a negative max_steps, naming the key', async () => {
    const config = { resources_server: { type: 'resources_servers', name: 'res' }, max_steps: -1 };
    await expect(buildServer(simpleAgent, { instanceName: 'a', config, docs: false })).rejects.toThrow(/a\.max_steps/);
  });
});
