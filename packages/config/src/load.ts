/**
 * loadGlobalConfig: the one place the launcher turns files, env.yaml, a programmatic layer and
 * CLI words into the resolved tree every server then reads. Each step lives in its own module;
 * this file only fixes their order, which is part of the contract:
 *
 *   read layers → merge (files < env.yaml < initial < CLI) → directives → `???` check →
 *   defaults → interpolation → instances and almost-servers → refs → skip_verification → ports
 */
import type { ConfigTree, LoadConfigOptions, LoadedConfig } from './types.ts';
import { parseCliOverrides } from './cli-grammar.ts';
import { modelFreeSeed, normalizeSettings, writeDefaults } from './defaults.ts';
import { applyDirectives } from './directives.ts';
import {
  type Warn,
  findEnvYaml,
  findRepoRoot,
  loadIncludedConfigs,
  readConfigPathsSetting,
  readYamlFile,
  searchRoots,
} from './includes.ts';
import { foldDummyModels, propagateSkipVerification, reportAlmostServers, scanInstances, toServerInstance } from './instances.ts';
import { resolveInterpolations } from './interpolate.ts';
import { mergeConfigLayers } from './merge.ts';
import { assertNoMissingValues } from './missing-values.ts';
import { assignPorts } from './ports.ts';
import { validateRefs } from './refs.ts';

const writeToStderr: Warn = (message) => {
  process.stderr.write(`${message}\n`);
};

export async function loadGlobalConfig(opts: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const warn = opts.warn ?? writeToStderr;
  const repoRoot = findRepoRoot(env);
  const roots = searchRoots({ searchDirs: opts.searchDirs, cwd, env, repoRoot });

  const cli = parseCliOverrides(opts.argv ?? []);
  const initial = opts.initial ?? {};
  const envYamlPath = opts.skipEnvYaml ? undefined : findEnvYaml(roots);
  const envYaml = envYamlPath ? readYamlFile(envYamlPath) : {};

  // env.yaml may hold config_paths for convenience; a CLI list replaces it (lists never merge).
  const entries = readConfigPathsSetting(mergeConfigLayers(envYaml, initial, cli).config_paths);
  const included = loadIncludedConfigs(entries, roots, warn);

  let tree: ConfigTree = mergeConfigLayers(
    opts.modelFree ? modelFreeSeed() : {},
    ...included.layers,
    envYaml,
    initial,
    cli,
  );
  if (included.configPaths.length > 0) tree.config_paths = included.configPaths;

  tree = applyDirectives(tree);
  foldDummyModels(tree);
  assertNoMissingValues(tree);

  await writeDefaults(tree, { repoRoot, warn });
  tree = resolveInterpolations(tree, env);
  normalizeSettings(tree, cwd);

  const { instances, almostServers } = scanInstances(tree);
  const color = process.stderr.isTTY === true && !env.NO_COLOR;
  reportAlmostServers(tree, almostServers, warn, color);
  validateRefs(instances);
  propagateSkipVerification(tree, instances);
  await assignPorts(tree, instances, { skip: opts.skipPortAssignment });

  return {
    tree,
    instances: instances.map((block) => toServerInstance(block, repoRoot, String(tree.default_host))),
    configPaths: included.files,
    envYamlPath,
  };
}
