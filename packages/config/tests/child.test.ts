import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GYM_CONFIG_FILE_ENV,
  NEMO_GYM_CONFIG_DICT_ENV,
  NEMO_GYM_CONFIG_PATH_ENV,
  childConfigEnv,
  readChildConfig,
  writeChildConfigFile,
} from '../src/index.ts';
import { errorFrom, makeRoot, writeFile } from './helpers.ts';

describe('child config hand-off', () => {
  it('round-trips the tree through a private JSON file', () => {
    const dir = makeRoot();
    const tree = { a: { b: [1, 'x', null] }, policy_api_key: 'k' };
    const file = writeChildConfigFile(tree, `${dir}/nested`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readChildConfig(childConfigEnv(file, 'my_server'))).toEqual({ tree, instanceName: 'my_server' });
  });

  it('accepts the reference NEMO_GYM_CONFIG_DICT YAML and resolves it with the child env', () => {
    const env = {
      [NEMO_GYM_CONFIG_DICT_ENV]: 'port: 5\nurl: http://h:${port}\nkey: ${oc.env:CHILD_KEY,none}\n',
      [NEMO_GYM_CONFIG_PATH_ENV]: 'srv',
      CHILD_KEY: 'child',
    };
    expect(readChildConfig(env)).toEqual({ tree: { port: 5, url: 'http://h:5', key: 'child' }, instanceName: 'srv' });
  });

  it('returns null outside a launcher and explains a bad file', async () => {
    expect(readChildConfig({})).toBeNull();
    const bad = writeFile(makeRoot(), 'bad.json', '{nope');
    const error = await errorFrom(() => readChildConfig({ [GYM_CONFIG_FILE_ENV]: bad, [NEMO_GYM_CONFIG_PATH_ENV]: 'x' }));
    expect(error.code).toBe('GYM_CONFIG_CHILD');
    expect(error.message).toContain(`${GYM_CONFIG_FILE_ENV}=${bad}`);
  });

  it('requires the instance name', async () => {
    const file = writeChildConfigFile({}, makeRoot());
    const error = await errorFrom(() => readChildConfig({ [GYM_CONFIG_FILE_ENV]: file }));
    expect(error.message).toContain(NEMO_GYM_CONFIG_PATH_ENV);
  });
});
