import { describe, expect, it } from 'vitest';
import { collectSecretValues, maskSecrets } from '../src/index.ts';
import { load, makeRoot } from './helpers.ts';

describe('secrets', () => {
  const tree = {
    policy_api_key: 'sk-live',
    policy_base_url: 'http://x',
    hf_token: 'hf-1',
    empty_api_key: '',
    judge: { client: { OPENAI_API_KEY: 'sk-judge', db_password: 'pw', port: 1 } },
    list: [{ auth_token: 'tok' }, 'plain'],
    numeric_token: 5,
  };

  it('masks non-empty secret strings in a deep copy', () => {
    const masked = maskSecrets(tree);
    expect(masked).toEqual({
      policy_api_key: '****',
      policy_base_url: 'http://x',
      hf_token: '****',
      empty_api_key: '',
      judge: { client: { OPENAI_API_KEY: '****', db_password: '****', port: 1 } },
      list: [{ auth_token: '****' }, 'plain'],
      numeric_token: 5,
    });
    expect(tree.policy_api_key).toBe('sk-live');
  });

  it('collects the secret values for log redaction, longest first', () => {
    expect(collectSecretValues(tree)).toEqual(['sk-judge', 'sk-live', 'hf-1', 'tok', 'pw']);
  });

  it('masks policy_api_key in a loaded config (what gym env resolve prints)', async () => {
    const root = makeRoot({ 'env.yaml': 'policy_api_key: sk-secret\n' });
    const { tree: loaded } = await load(root);
    expect(loaded.policy_api_key).toBe('sk-secret');
    expect(maskSecrets(loaded).policy_api_key).toBe('****');
  });
});
