/**
 * Start a whole environment: the head server plus one child per configured
 * server instance; wait until every server answers its health route; watch
 * the children; stop everything on request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { exposureWarning, loadGlobalConfig, writeChildConfigFile, type LoadConfigOptions, type LoadedConfig } from '@gym/config';
import { createHeadServer, type InstanceStatus, type ServerInstanceInfo } from '@gym/head';
import { ServerChild } from './child-process.ts';
import { launcherErrors } from './errors.ts';

export interface EnvironmentOptions extends LoadConfigOptions {
  /** Where children's prefixed output goes (default: stdout). */
  write?(text: string): void;
  /** Status lines of the launcher itself (default: stderr). */
  say?(text: string): void;
}

export interface RunningEnvironment {
  loaded: LoadedConfig;
  headUrl: string;
  instances(): ServerInstanceInfo[];
  /** Resolves with the exit code once the environment has stopped for any reason. */
  done: Promise<number>;
  stop(reason?: string): Promise<number>;
}

interface Policy {
  readinessTimeoutMs: number;
  graceMs: number;
  restart: 'never' | 'on-failure';
  maxRestarts: number;
}

function policyFrom(tree: Record<string, unknown>): Policy {
  return {
    readinessTimeoutMs: Number(tree.server_startup_timeout_seconds ?? 120) * 1000,
    graceMs: Number(tree.shutdown_grace_seconds ?? 10) * 1000,
    restart: tree.restart_policy === 'on-failure' ? 'on-failure' : 'never',
    maxRestarts: Number(tree.max_restarts ?? 3),
  };
}

export async function startEnvironment(opts: EnvironmentOptions = {}): Promise<RunningEnvironment> {
  const write = opts.write ?? ((t: string) => process.stdout.write(t));
  const say = opts.say ?? ((t: string) => process.stderr.write(`${t}\n`));
  const loaded = await loadGlobalConfig(opts);
  const { tree, instances } = loaded;
  if (instances.length === 0) throw launcherErrors.noInstances();
  const policy = policyFrom(tree);
  if (tree.ray_head_node_address) say('Note: ray_head_node_address is ignored; Gym does not use Ray.');

  const head = tree.head_server as { host: string; port: number };
  const headUrl = `http://${head.host}:${head.port}`;
  const exposed = exposureWarning(tree, [{ name: 'head server', host: head.host }, ...instances.map((i) => ({ name: i.name, host: i.host }))]);
  if (exposed) say(exposed);
  const workDir = mkdtempSync(join(tmpdir(), 'gym-run-'));
  const configFile = writeChildConfigFile(tree, workDir);

  const status = new Map<string, InstanceStatus>(instances.map((i) => [i.name, 'starting' as InstanceStatus]));
  const restarts = new Map<string, number>();
  const children = instances.map((instance) => new ServerChild({ instance, configFile, headUrl, write }));
  const info = (): ServerInstanceInfo[] =>
    children.map((c) => ({
      process_name: c.instance.name,
      server_type: c.instance.serverType,
      name: c.instance.impl,
      dir_path: c.instance.dirPath,
      entrypoint: c.instance.entrypoint,
      host: c.instance.host,
      port: c.instance.port,
      url: `http://${c.instance.host}:${c.instance.port}`,
      pid: c.pid,
      config_path: c.instance.name,
      start_time: c.startTime,
      status: status.get(c.instance.name) ?? 'starting',
      exit_code: c.exitCode,
      restarts: restarts.get(c.instance.name) ?? 0,
    }));

  const headApp = await createHeadServer({ tree, instances: info });
  try {
    await headApp.listen({ host: head.host, port: head.port });
  } catch (err) {
    rmSync(workDir, { recursive: true, force: true });
    throw launcherErrors.headPortInUse(head.host, head.port, err);
  }

  let stopping = false;
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((r) => (resolveDone = r));

  const stop = async (reason?: string, code = 0): Promise<number> => {
    if (stopping) return done;
    stopping = true;
    if (reason) say(reason);
    await Promise.all(children.map((c) => c.stop(policy.graceMs)));
    for (const c of children) status.set(c.instance.name, c.running ? status.get(c.instance.name)! : 'stopped');
    await headApp.close();
    rmSync(workDir, { recursive: true, force: true });
    resolveDone(code);
    return code;
  };

  let started = false;
  const onExit = (child: ServerChild) => {
    const name = child.instance.name;
    // During start-up, waitReady notices the exit and reports it.
    if (stopping || !started) return;
    status.set(name, 'exited');
    const how = child.exitSignal ? `signal ${child.exitSignal}` : `exit code ${child.exitCode}`;
    say(launcherErrors.childDied(name, how, child.tail).message);
    const used = restarts.get(name) ?? 0;
    if (policy.restart === 'on-failure' && used < policy.maxRestarts) {
      restarts.set(name, used + 1);
      status.set(name, 'restarting');
      say(`Restarting \`${name}\` (${used + 1}/${policy.maxRestarts}).`);
      child.start(onExit);
      waitReady(child, policy.readinessTimeoutMs, () => stopping).then(
        () => {
          status.set(name, 'ready');
          say(`\`${name}\` is ready again.`);
        },
        (err: Error) => void stop(err.message, 1),
      );
      return;
    }
    void stop('Stopping every server because one of them died.', 1);
  };

  const t0 = Date.now();
  await Promise.all(children.map((child) => child.prepare()));
  for (const child of children) child.start(onExit);
  try {
    await Promise.all(
      children.map(async (child) => {
        await waitReady(child, policy.readinessTimeoutMs, () => stopping);
        if (status.get(child.instance.name) === 'starting') status.set(child.instance.name, 'ready');
        const i = child.instance;
        say(`ready  ${i.name} (${i.serverType}/${i.impl}) at http://${i.host}:${i.port} in ${((Date.now() - t0) / 1000).toFixed(2)}s`);
      }),
    );
  } catch (err) {
    await stop(undefined, 1);
    throw err;
  }
  started = true;
  return { loaded, headUrl, instances: info, done, stop: (reason) => stop(reason, 0) };
}

/** Poll the health route until it answers 2xx; fail fast if the child exits. */
async function waitReady(child: ServerChild, timeoutMs: number, cancelled: () => boolean): Promise<void> {
  const { host, port, name } = child.instance;
  const deadline = Date.now() + timeoutMs;
  let wait = 20;
  while (Date.now() < deadline) {
    if (cancelled()) throw launcherErrors.cancelled(name);
    if (!child.running && child.exitCode !== null) throw launcherErrors.childDied(name, `exit code ${child.exitCode}`, child.tail);
    try {
      const res = await request(`http://${host}:${port}/`, { headersTimeout: 2_000, bodyTimeout: 2_000 });
      await res.body.dump();
      if (res.statusCode >= 200 && res.statusCode < 300) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, wait));
    // A refused connect on loopback costs next to nothing; a coarse poll would add its interval to every start.
    wait = Math.min(wait * 2, 50);
  }
  throw launcherErrors.notReady(name, timeoutMs, child.tail);
}
