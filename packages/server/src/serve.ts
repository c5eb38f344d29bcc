/**
 * Run a server definition as a child of `ng run`: read the resolved config
 * file named in the environment, listen, and close gracefully on signals.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readChildConfig } from '@gym/config';
import { buildServer, type ServerDefinition } from './definition.ts';

/**
 * True when the module at `metaUrl` is the process entrypoint. In a bundle the
 * launcher precompiled, modules keep their source URLs and the bundle names
 * the source entrypoint it was built from (see @gym/launcher precompile.ts).
 */
export function isMainModule(metaUrl: string): boolean {
  const bundled = (globalThis as Record<symbol, unknown>)[Symbol.for('gym.entrypoint')];
  const entry = typeof bundled === 'string' ? bundled : process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(fileURLToPath(metaUrl)) === realpathSync(entry);
  } catch {
    return false;
  }
}

/**
 * How long in-flight requests may take after SIGTERM: the launcher's `shutdown_grace_seconds`
 * (default 10) less half a second, so this process closes its connections and says why before the
 * launcher's SIGKILL lands. GYM_SHUTDOWN_GRACE_MS overrides it for servers started by hand.
 */
export function shutdownGraceMs(tree: Record<string, unknown>, env: Record<string, string | undefined> = process.env): number {
  if (env.GYM_SHUTDOWN_GRACE_MS) return Number(env.GYM_SHUTDOWN_GRACE_MS);
  const seconds = Number(tree.shutdown_grace_seconds ?? 10);
  return Math.max(0, (Number.isFinite(seconds) ? seconds : 10) * 1000 - 500);
}

export async function serve<C>(def: ServerDefinition<C>): Promise<void> {
  const child = readChildConfig(process.env);
  if (!child) {
    console.error(
      `This is a Gym server entrypoint (${def.className}). Start it with \`ng run "+config_paths=[<config>.yaml]"\`, ` +
        'which passes its config through GYM_CONFIG_FILE and NEMO_GYM_CONFIG_PATH.',
    );
    process.exit(2);
  }
  const { tree, instanceName } = child;
  const inner = innerConfig(tree, instanceName, def.kind);
  let app: Awaited<ReturnType<typeof buildServer>>['app'];
  try {
    ({ app } = await buildServer(def, { instanceName, config: inner, globalConfig: tree }));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
  const host = String(inner.host ?? tree.default_host ?? '127.0.0.1');
  const port = Number(inner.port ?? 0);
  await app.listen({ host, port });
  const graceMs = shutdownGraceMs(tree);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    const timer = setTimeout(() => {
      console.error(`${instanceName}: requests still in flight ${graceMs} ms after ${signal}; closing their connections and exiting.`);
      process.exit(1);
    }, graceMs);
    timer.unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  watchLauncher(shutdown);
}

/**
 * Children run in their own process group, so a launcher killed with SIGKILL
 * cannot signal them; they notice it is gone and stop instead of lingering.
 */
function watchLauncher(shutdown: (reason: string) => void) {
  const launcherPid = Number(process.env[LAUNCHER_PID_ENV]);
  if (!launcherPid) return;
  setInterval(() => {
    try {
      process.kill(launcherPid, 0);
    } catch {
      shutdown('launcher exit');
    }
  }, 1_000).unref();
}

/** Set by `ng run` on every child: the pid of the launcher process. */
export const LAUNCHER_PID_ENV = 'GYM_LAUNCHER_PID';

function innerConfig(tree: Record<string, unknown>, name: string, kind: string): Record<string, unknown> {
  const block = (tree[name] as Record<string, unknown> | undefined)?.[kind] as Record<string, unknown> | undefined;
  const inner = block ? Object.values(block)[0] : undefined;
  if (!inner || typeof inner !== 'object') {
    console.error(`Server instance '${name}' is not a ${kind} instance in the config passed to this process.`);
    process.exit(2);
  }
  return inner as Record<string, unknown>;
}
