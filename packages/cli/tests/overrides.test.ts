import { describe, expect, it } from 'vitest';
import { configArgv, flatOverrides } from '../src/overrides.ts';
import { runCli } from '../src/main.ts';

describe('configArgv', () => {
  it('folds --config flags into one +config_paths list', () => {
    expect(configArgv(['++a=1'], ['x.yaml', 'y.yaml'])).toEqual(['+config_paths=[x.yaml,y.yaml]', '++a=1']);
  });
  it('rejects --config together with +config_paths', () => {
    expect(() => configArgv(['+config_paths=[a.yaml]'], ['b.yaml'])).toThrow(/either --config or \+config_paths/);
  });
  it('suggests ++ for a plain key=value', () => {
    expect(() => configArgv(['policy_model_name=x'])).toThrow(/Use \+\+policy_model_name=x/);
  });
  it('names a stray word', () => {
    expect(() => configArgv(['oops'])).toThrow(/Unexpected argument 'oops'/);
  });
});

describe('flatOverrides', () => {
  it('reads +key=value and ++key=value words', () => {
    expect([...flatOverrides(['+a=1', '++b.c=x=y'])]).toEqual([
      ['a', '1'],
      ['b.c', 'x=y'],
    ]);
  });
});

describe('runCli', () => {
  it('prints a user error as one line and returns 1', async () => {
    const writes: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (writes.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      expect(await runCli(['dump-config', '+config_paths=[does_not_exist.yaml]'])).toBe(1);
    } finally {
      process.stderr.write = original;
    }
    expect(writes.join('')).toMatch(/^Error: config_paths entry 'does_not_exist.yaml' was not found/);
  });
  it('accepts the reference ng_* command names', async () => {
    const out: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      expect(await runCli(['ng_dump_config', '+config_paths=[configs/quickstart.yaml]', '++policy_api_key=sk-planted-key-123'])).toBe(0);
    } finally {
      process.stdout.write = original;
    }
    const text = out.join('');
    expect(text).toContain('example_single_tool_call_simple_agent:');
    expect(text).not.toContain('sk-planted-key-123');
    expect(text).toMatch(/policy_api_key: ["']\*{4}["']/);
  });
});
