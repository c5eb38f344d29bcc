/** Errors the launcher reports to users, each saying what to do next. */

export class LauncherError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LauncherError';
    this.code = code;
  }
}

const tailText = (tail: string[]) => (tail.length ? `\nLast output lines:\n${tail.map((l) => `  | ${l}`).join('\n')}` : '\n(no output)');

export const launcherErrors = {
  noInstances: () =>
    new LauncherError(
      'GYM_LAUNCH_NO_INSTANCES',
      'No server instances are configured, so there is nothing to run. Pass config files with "+config_paths=[a.yaml,b.yaml]" ' +
        '(e.g. "+config_paths=[resources_servers/example_single_tool_call/configs/example_single_tool_call.yaml,responses_api_models/replay_model/configs/replay_model.yaml]").',
    ),
  headPortInUse: (host: string, port: number, cause: unknown) =>
    new LauncherError(
      'GYM_LAUNCH_HEAD_PORT',
      `Could not start the head server on ${host}:${port} (${(cause as Error)?.message ?? cause}). ` +
        `Is another \`ng run\` running? Stop it or pick another port with ++head_server.port=<port>.`,
      { cause },
    ),
  childDied: (name: string, how: string, tail: string[]) =>
    new LauncherError('GYM_LAUNCH_CHILD_DIED', `Process \`${name}\` finished unexpectedly! (${how})${tailText(tail)}`),
  notReady: (name: string, timeoutMs: number, tail: string[]) =>
    new LauncherError(
      'GYM_LAUNCH_NOT_READY',
      `Server \`${name}\` did not answer its health route within ${timeoutMs / 1000}s ` +
        `(raise ++server_startup_timeout_seconds=<s> if it needs longer).${tailText(tail)}`,
    ),
  cancelled: (name: string) => new LauncherError('GYM_LAUNCH_CANCELLED', `Start-up of \`${name}\` was cancelled.`),
};
