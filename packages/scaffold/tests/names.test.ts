/** Which folder names a new server may take, and the errors that say why not. */
import { describe, expect, it } from 'vitest';
import { parseServerEntrypoint, pascalCase } from '../src/names.ts';

describe('parseServerEntrypoint', () => {
  it('splits resources_servers/<name> and derives the class-name prefix', () => {
    expect(parseServerEntrypoint('resources_servers/my_env_2', 'resources_servers')).toEqual({
      name: 'my_env_2',
      relDir: 'resources_servers/my_env_2',
      className: 'MyEnv2',
    });
    expect(parseServerEntrypoint('responses_api_agents/planner/', 'responses_api_agents').relDir).toBe('responses_api_agents/planner');
  });

  it('asks for +entrypoint when it is missing', () => {
    expect(() => parseServerEntrypoint(undefined, 'resources_servers')).toThrow('Missing +entrypoint. Name the folder to create, e.g. +entrypoint=resources_servers/my_env.');
    expect(() => parseServerEntrypoint('', 'resources_servers')).toThrow(/Missing \+entrypoint/);
  });

  it.each(['my_env', 'resources_servers', 'responses_api_agents/my_env', '/abs/resources_servers/my_env', 'resources_servers/a/b', '../resources_servers/x', 'resources_servers\\x'])(
    'refuses %s: not a folder directly under resources_servers/',
    (entrypoint) => {
      expect(() => parseServerEntrypoint(entrypoint, 'resources_servers')).toThrow(expect.objectContaining({ code: 'GYM_SCAFFOLD_BAD_ENTRYPOINT' }));
    },
  );

  it.each(['MyEnv', 'my-env', '2env', '_env', 'env_', 'my__env', 'my env', 'é'])('refuses %s: not lowercase snake_case', (name) => {
    expect(() => parseServerEntrypoint(`resources_servers/${name}`, 'resources_servers')).toThrow(/use lowercase snake_case/);
  });

  it.each(['head_server', 'config_paths', 'policy_base_url', 'uvicorn_workers'])('refuses %s: a reserved config key', (name) => {
    expect(() => parseServerEntrypoint(`resources_servers/${name}`, 'resources_servers')).toThrow(/reserved top-level config key/);
  });

  it.each(['policy_model', 'node_modules', 'tests', 'resources_servers'])('refuses %s: a name with a meaning already', (name) => {
    expect(() => parseServerEntrypoint(`resources_servers/${name}`, 'resources_servers')).toThrow(/already has a meaning/);
  });

  it('refuses names longer than 64 characters', () => {
    expect(() => parseServerEntrypoint(`resources_servers/${'a'.repeat(65)}`, 'resources_servers')).toThrow(/64 characters/);
  });
});

describe('pascalCase', () => {
  it('capitalises each snake_case part', () => {
    expect(pascalCase('letter_count')).toBe('LetterCount');
    expect(pascalCase('x')).toBe('X');
  });
});
