/** The agent config base: server references, the default model instance, and start-up checks. */
import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { agentDataFields, agentServerFields, agentVerificationFields, buildServer, DEFAULT_MODEL_SERVER, defineAgentServer, modelServerName } from '../src/index.ts';

const config = Type.Object({ ...agentServerFields, ...agentVerificationFields, ...agentDataFields }, { additionalProperties: true });
const agent = defineAgentServer({
  className: 'ConfiguredAgent',
  configSchema: config,
  responses: () => ({ id: 'r', output: [] }),
  run: (body) => ({ ...body, response: { id: 'r', output: [] }, reward: 0 }),
});
const resources_server = { type: 'resources_servers', name: 'res' };

describe('agent config base', () => {
  it('defaults the model server to policy_model', () => {
    expect(DEFAULT_MODEL_SERVER).toBe('policy_model');
    expect(modelServerName({})).toBe('policy_model');
    expect(modelServerName({ model_server: { name: 'judge' } })).toBe('judge');
  });

  it('starts with a resources server reference and the optional keys', async () => {
    const { app } = await buildServer(agent, { instanceName: 'a', config: { resources_server, skip_verification: true, skip_verification_reward: 0.5, token_id_capture: true, datasets: [{ name: 'example', type: 'example' }], other: 1 }, docs: false });
    await app.close();
  });

  it('refuses a missing or mistyped reference, naming the key', async () => {
    await expect(buildServer(agent, { instanceName: 'a', config: {}, docs: false })).rejects.toThrow(/a\.resources_server/);
    await expect(buildServer(agent, { instanceName: 'a', config: { resources_server: { type: 'responses_api_models', name: 'res' } }, docs: false })).rejects.toThrow(
      /a\.resources_server\.type/,
    );
    await expect(buildServer(agent, { instanceName: 'a', config: { resources_server, model_server: { type: 'responses_api_models', name: '' } }, docs: false })).rejects.toThrow(
      /a\.model_server\.name/,
    );
    await expect(buildServer(agent, { instanceName: 'a', config: { resources_server, skip_verification: 'yes' }, docs: false })).rejects.toThrow(/a\.skip_verification/);
  });
});
