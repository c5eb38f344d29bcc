/**
 * Shared shapes of the configuration layer. Every other package reads the
 * merged tree through these types.
 */

export const SERVER_TYPES = ['responses_api_models', 'resources_servers', 'responses_api_agents'] as const;
export type ServerType = (typeof SERVER_TYPES)[number];

/** A plain JSON-like config tree. */
export type ConfigTree = Record<string, unknown>;

/** A `{type, name}` reference from one server instance to another. */
export interface ServerRef {
  type: ServerType;
  name: string;
}

/** One configured server instance, found by shape in the merged tree. */
export interface ServerInstance {
  /** Top-level key: the runtime server name (e.g. `policy_model`). */
  name: string;
  serverType: ServerType;
  /** Implementation folder name under `<root>/<serverType>/`. */
  impl: string;
  /** Absolute path of `<root>/<serverType>/<impl>`. */
  dirPath: string;
  /** Entrypoint relative to dirPath (e.g. `app.ts`). */
  entrypoint: string;
  host: string;
  port: number;
  /** The inner config (`tree[name][serverType][impl]`), fully resolved, host/port filled in. */
  config: ConfigTree;
}

export interface LoadConfigOptions {
  /** CLI words: `+a.b=1`, `++a=2`, `"+config_paths=[x.yaml,y.yaml]"`. */
  argv?: string[];
  /** Working directory used to find config files and env.yaml. Default: process.cwd(). */
  cwd?: string;
  /** Environment for `${oc.env:…}`, NEMO_GYM_EXTRA_ROOTS and GYM_ROOT. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Programmatic layer between env.yaml and the CLI. */
  initial?: ConfigTree;
  /** Extra folders searched for config files and env.yaml before cwd. */
  searchDirs?: string[];
  /** Skip port assignment (e.g. dump-config). Default false. */
  skipPortAssignment?: boolean;
  /** Treat the run as model-free (seed the policy placeholders). Default false. */
  modelFree?: boolean;
  /** Do not look for env.yaml (tests, tools that must ignore the user's local settings). */
  skipEnvYaml?: boolean;
  /** Receives warnings (duplicate includes, almost-server banners). Default: a line on stderr. */
  warn?: (message: string) => void;
}

export interface LoadedConfig {
  /** The merged, directive-applied, resolved tree with defaults written (head_server, ports…). */
  tree: ConfigTree;
  /** Server instances in config order. */
  instances: ServerInstance[];
  /** Every config file read, in discovery order. */
  configPaths: string[];
  /** The env.yaml that was merged, if one was found. */
  envYamlPath?: string;
}
