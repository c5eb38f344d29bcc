/**
 * Top-level keys that are settings, never server instances, even if shaped like one. Any other
 * top-level key is an instance only if its value has the instance shape (see instances.ts);
 * everything else is plain data that configs may interpolate.
 */
export const RESERVED_KEYS: readonly string[] = [
  'config_paths',
  'entrypoint',
  'head_server',
  'default_host',
  'port_range_low',
  'port_range_high',
  'disallowed_ports',
  'use_absolute_ip',
  'dry_run',
  'skip_verification',
  'skip_verification_reward',
  'policy_base_url',
  'policy_api_key',
  'policy_model_name',
  'error_on_almost_servers',
  'verbose',
  'json',
  'query',
  'results_dir',
  'cache_dir',
  'model_endpoint_readiness_timeout_seconds',
  'ray_head_node_address',
  'auth_token',
  'body_limit_bytes',
  'hf_token',
  'nemo_gym_log_dir',
  'gym_log_dir',
  'profiling_enabled',
  'observability_enabled',
  'model_call_capture_dir',
  'token_id_capture',
  'component_name',
  'telemetry',
  'allow_unsupported_pairing',
  'allow_openai_version_skew',
  'head_server_deps',
  'python_version',
  'skip_venv_if_present',
  'pip_install_verbose',
  'uv_pip_set_python',
  'uv_cache_dir',
  'uv_venv_dir',
  'uvicorn_logging_show_200_ok',
  'uvicorn_timeout_worker_healthcheck',
  'environment_server_name',
  'environment_server_routes',
  'environment_routing_mode',
  'tasksets',
  'rollout_input',
  'agent_bindings',
  '_inherit_from',
  '_copy',
];

const RESERVED_SET = new Set(RESERVED_KEYS);
// Families of knobs the reference adds over time (global_aiohttp_connector_limit, …).
const RESERVED_PREFIXES = ['global_aiohttp_', 'uvicorn_'];

export function isReservedKey(key: string): boolean {
  return RESERVED_SET.has(key) || RESERVED_PREFIXES.some((prefix) => key.startsWith(prefix));
}
