/**
 * Every error the config layer shows a user, declared once. Each has a stable code (for tests,
 * scripts and the CLI's exit handling) and a message that names the file or key and says what to
 * do next. The rest of the package throws these builders, never ad-hoc strings.
 */
import { pyListRepr } from './tree.ts';

export type ConfigErrorCode =
  | 'GYM_CONFIG_MISSING_VALUES'
  | 'GYM_CONFIG_BAD_REF'
  | 'GYM_CONFIG_YAML'
  | 'GYM_CONFIG_NOT_A_MAPPING'
  | 'GYM_CONFIG_FILE_NOT_FOUND'
  | 'GYM_CONFIG_BAD_CONFIG_PATHS'
  | 'GYM_CONFIG_BAD_OVERRIDE'
  | 'GYM_CONFIG_BAD_DIRECTIVE'
  | 'GYM_CONFIG_INTERPOLATION'
  | 'GYM_CONFIG_NO_INSTANCES'
  | 'GYM_CONFIG_UNKNOWN_INSTANCE'
  | 'GYM_CONFIG_ALMOST_SERVER'
  | 'GYM_CONFIG_PORTS'
  | 'GYM_CONFIG_INVALID_VALUE'
  | 'GYM_CONFIG_CHILD';

export class ConfigError extends Error {
  readonly code: ConfigErrorCode;

  constructor(code: ConfigErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
    this.code = code;
  }
}

const OVERRIDE_ADVICE = 'Provide it via a CLI override, in env.yaml, or in a config you pass via config_paths.';

/** One problem with a `{type, name}` reference, as found by the ref checker. */
export interface BadRefReport {
  instance: string;
  field: string;
  type: string;
  name: string;
  /** `Did you mean: 'x'?` or `Available <type>: …`. */
  hint: string;
}

export const ConfigErrors = {
  missingValues(paths: readonly string[]): ConfigError {
    const list = paths.map((p) => `  - ${p}`).join('\n');
    const examples = paths
      .slice(0, 3)
      .map((p) => `  ++${p}=<value>`)
      .join('\n');
    return new ConfigError(
      'GYM_CONFIG_MISSING_VALUES',
      `${paths.length} required config value(s) are unset (still '???') after merging:\n${list}\n\n` +
        `Provide each value via a CLI override, in env.yaml, or in a config you pass via config_paths.\n` +
        `For example, on the command line:\n${examples}`,
    );
  },

  missingInterpolationKey(fullKey: string, key: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_INTERPOLATION',
      `Config value '${fullKey}' references '${key}', which is not set after merging.\n\n` +
        `${OVERRIDE_ADVICE}\nFor example, on the command line:\n  ++${key}=<value>`,
    );
  },

  missingEnvVar(fullKey: string, variable: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_INTERPOLATION',
      `Config value '${fullKey}' reads environment variable '${variable}', which is not set.\n` +
        `Export it before running, or give a default in the config: \${oc.env:${variable},<default>}`,
    );
  },

  interpolationCycle(chain: readonly string[]): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_INTERPOLATION',
      `Config interpolations form a cycle: ${chain.join(' -> ')}.\n` +
        `Set one of these values directly instead of through \${…}.`,
    );
  },

  unknownResolver(fullKey: string, resolver: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_INTERPOLATION',
      `Config value '${fullKey}' uses the resolver '${resolver}', which Gym does not support here.\n` +
        `Supported: \${a.b}, \${oc.env:VAR[,default]}, \${oc.select:key[,default]}. ` +
        `\${inherit_from:…} and \${copy:…} must be the whole value.`,
    );
  },

  badInterpolation(fullKey: string, text: string, problem: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_INTERPOLATION',
      `Config value '${fullKey}' has a malformed interpolation (${problem}): ${text}\n` +
        `Interpolations look like \${a.b}, \${oc.env:VAR,default} or \${oc.select:key,default}; write \\\${ for a literal '\${'.`,
    );
  },

  notAnOverride(word: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_BAD_OVERRIDE',
      `'${word}' is not a config override. Overrides look like '+key=value' (add) or '++key=value' (add or override).`,
    );
  },

  plainOverride(word: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_BAD_OVERRIDE',
      `Override '${word}' has no '+' prefix, but there is no base config for a plain 'key=value' to override.\n` +
        `Use '++${word}' to add or override the key, or '+${word}' to add it.`,
    );
  },

  duplicateAdd(word: string, key: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_BAD_OVERRIDE',
      `Override '${word}' adds '${key}', which an earlier override already set.\n` +
        `Use '++${key}=…' to override it, or pass it only once (repeat --config instead of +config_paths).`,
    );
  },

  overrideThroughScalar(word: string, parent: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_BAD_OVERRIDE',
      `Override '${word}' sets a key under '${parent}', but '${parent}' already holds a non-mapping value. ` +
        `Set '${parent}' to a mapping first, e.g. '++${parent}={}'.`,
    );
  },

  badOverrideValue(word: string, problem: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_BAD_OVERRIDE',
      `Cannot parse the value of override '${word}': ${problem}.\n` +
        `Quote the value to pass it as a string, e.g. +key='some value'.`,
    );
  },

  ambiguousOverrideValue(word: string, key: string, value: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_BAD_OVERRIDE',
      `Ambiguous value in override '${word}'.\n` +
        `  To pass a list, use ${key}=[${value}]\n  To pass a string, quote it: ${key}='${value}'`,
    );
  },

  badConfigPaths(got: unknown, file?: string): ConfigError {
    const where = file ? ` (in '${file}')` : '';
    return new ConfigError(
      'GYM_CONFIG_BAD_CONFIG_PATHS',
      `'config_paths' must be a list of paths. Got: ${JSON.stringify(got)}${where}.\n` +
        `Pass each config with --config (it builds the list for you), e.g.:\n` +
        `  gym env start --config resources_servers/<env>/configs/<env>.yaml`,
    );
  },

  configPathNotFound(entry: string, searched: readonly string[]): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_FILE_NOT_FOUND',
      `config_paths entry '${entry}' was not found. Looked in:\n${searched.map((p) => `  - ${p}`).join('\n')}\n` +
        `Check the path is spelled correctly and is relative to your working directory, an extra root\n` +
        `(NEMO_GYM_EXTRA_ROOTS / --search-dir), or the Gym repository root.`,
    );
  },

  malformedYaml(file: string, problem: string, line?: number, column?: number): ConfigError {
    const location = line !== undefined ? ` at line ${line}, column ${column ?? 1}` : '';
    return new ConfigError('GYM_CONFIG_YAML', `Malformed YAML in '${file}'${location}: ${problem}`);
  },

  notAMapping(file: string, kind: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_NOT_A_MAPPING',
      `Config file '${file}' must hold a mapping (key: value pairs) at the top level, but holds a ${kind}.`,
    );
  },

  directivePathNotFound(path: readonly string[], where: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_BAD_DIRECTIVE',
      `Path specified does not exist in config: ${pyListRepr(path)}\n` +
        `It is named by the inherit_from/copy directive at '${where}'. Check its spelling against the merged config (gym env resolve).`,
    );
  },

  directiveCycle(where: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_BAD_DIRECTIVE',
      `The inherit_from/copy directives at '${where}' keep pointing at other directives (a cycle?). ` +
        `Point it at a concrete value.`,
    );
  },

  deleteKeyMissing(where: string, key: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_BAD_DIRECTIVE',
      `_delete_key at '${where}' names '${key}', which is not in the inherited/copied value. Remove it from _delete_key.`,
    );
  },

  badRefs(reports: readonly BadRefReport[]): ConfigError {
    const blocks = reports.map(
      (r) =>
        `In server instance '${r.instance}', field '${r.field}' references ${r.type}/'${r.name}', ` +
        `which is not defined in the merged config.\n${r.hint}`,
    );
    return new ConfigError('GYM_CONFIG_BAD_REF', blocks.join('\n\n'));
  },

  almostServers(count: number, details: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_ALMOST_SERVER',
      `Found ${count} almost-server(s) with validation errors. Fix the issues above or set ` +
        `error_on_almost_servers=false to bypass this error.\n${details}`,
    );
  },

  /** Thrown by the launcher, not the loader: commands like `gym env resolve` accept an empty config. */
  noInstances(): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_NO_INSTANCES',
      `No server instances are configured, so there is nothing to run. Pass one or more configs, e.g.:\n` +
        `  gym env start --config resources_servers/<env>/configs/<env>.yaml --config responses_api_models/<model>/configs/<model>.yaml`,
    );
  },

  unknownInstance(name: string, hint: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_UNKNOWN_INSTANCE',
      `No server instance named '${name}' in the merged config.\n${hint}`,
    );
  },

  noOpenPort(disallowed: readonly number[], attempts: number): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_PORTS',
      `Unable to find an open port that doesn't conflict with disallowed ports ${pyListRepr(disallowed)} ` +
        `after ${attempts} attempts. Widen port_range_low/port_range_high or free some ports.`,
    );
  },

  portConflict(port: number, host: string, first: string, second: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_PORTS',
      `'${first}' and '${second}' are both configured to listen on ${host}:${port}. ` +
        `Give one of them another port, or drop its port to have one assigned.`,
    );
  },

  invalidValue(key: string, expected: string, got: unknown): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_INVALID_VALUE',
      `'${key}' must be ${expected}. Got: ${JSON.stringify(got)}. Fix it in your config or override it with ++${key}=<value>.`,
    );
  },

  childConfigUnreadable(source: string, problem: string): ConfigError {
    return new ConfigError(
      'GYM_CONFIG_CHILD',
      `Could not read the server config from ${source}: ${problem}. ` +
        `Server processes are meant to be started by the launcher (gym env start), which provides it.`,
    );
  },
} as const;

/** Shorthand for the launcher: `if (loaded.instances.length === 0) throw noServerInstancesError()`. */
export function noServerInstancesError(): ConfigError {
  return ConfigErrors.noInstances();
}
