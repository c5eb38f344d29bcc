/** Public API of @gym/config. Other packages import from here, never from inner files. */
export * from './types.ts';
export { ConfigError, ConfigErrors, type ConfigErrorCode, type BadRefReport } from './errors.ts';
export { parseCliOverrides, parseOverride, parseOverrideValue, type CliOverride } from './cli-grammar.ts';
export { mergeConfigLayers } from './merge.ts';
export {
  findRepoRoot,
  searchRoots,
  resolveConfigPath,
  findEnvYaml,
  readYamlFile,
  readConfigPathsSetting,
  loadIncludedConfigs,
  GYM_ROOT_ENV,
  EXTRA_ROOTS_ENV,
  type IncludedConfigs,
} from './includes.ts';
export { applyDirectives } from './directives.ts';
export { resolveInterpolations } from './interpolate.ts';
export { collectMissingPaths, assertNoMissingValues } from './missing-values.ts';
export { RESERVED_KEYS, isReservedKey } from './reserved.ts';
export {
  DEFAULT_HOST,
  DEFAULT_HEAD_SERVER_PORT,
  DEFAULT_PORT_RANGE_LOW,
  DEFAULT_PORT_RANGE_HIGH,
  DEFAULT_MODEL_ENDPOINT_READINESS_TIMEOUT_SECONDS,
  POLICY_PLACEHOLDER_KEYS,
} from './defaults.ts';
export { RESOURCE_DOMAINS, DATASET_TYPES, inspectBlock, parsePort, type ValidationIssue } from './validate-instance.ts';
export {
  scanInstances,
  findInstances,
  getInstanceConfig,
  formatAlmostServerBanner,
  type InstanceBlock,
  type AlmostServer,
} from './instances.ts';
export { asServerRef, collectRefs, validateRefs } from './refs.ts';
export { assignPorts, findOpenPort, isPortFree, headServerOf, MAX_PORT_ATTEMPTS, type PortProbe } from './ports.ts';
export { maskSecrets, collectSecretValues, SECRET_MASK, SECRET_KEY_PATTERN } from './secrets.ts';
export { authTokenOf, bearerMatches, isLoopbackHost, exposureWarning } from './auth.ts';
export { loadGlobalConfig } from './load.ts';
export {
  writeChildConfigFile,
  readChildConfig,
  childConfigEnv,
  GYM_CONFIG_FILE_ENV,
  NEMO_GYM_CONFIG_DICT_ENV,
  NEMO_GYM_CONFIG_PATH_ENV,
  type ChildConfig,
} from './child.ts';
export { MISSING, formatKeyPath, parseKeyPath } from './tree.ts';

/** The launcher's "nothing to run" error (not raised by loadGlobalConfig: resolve/validate accept empty configs). */
export { noServerInstancesError } from './errors.ts';
