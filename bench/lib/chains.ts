/**
 * The two systems under test, each as real processes on 127.0.0.1:
 * - Gym: `startEnvironment` (what `ng run` does) with the pivot config —
 *   tool_simulation_agent + single_step_tool_use_with_argument_comparison —
 *   and replay_model answering every row instantly from bench recordings;
 * - bare: bench/bare/chain-server.mjs, the same hops in bare Fastify + undici.
 */
import { join } from 'node:path';
import { startEnvironment } from '@gym/launcher';
import { REPO_ROOT, spawnNode, type NodeChild } from './processes.ts';
import { PIVOT_AGENT, PIVOT_CONFIG, REPLAY_MODEL_CONFIG } from './workload.ts';

export interface ServerProcess {
  /** Role in the chain: agent, model, resources (verify). */
  role: 'agent' | 'model' | 'resources';
  name: string;
  pid: number;
}

export interface Chain {
  label: string;
  /** Where `/run` is served. */
  agentOrigin: string;
  servers: ServerProcess[];
  stop(): Promise<void>;
}

export const BARE_SERVER = join(REPO_ROOT, 'bench/bare/chain-server.mjs');

/** `ng run` words for the Gym chain. */
export function gymArgv(rolloutsFile: string, headPort: number): string[] {
  return [
    `+config_paths=[${PIVOT_CONFIG},${REPLAY_MODEL_CONFIG}]`,
    `+head_server.port=${headPort}`,
    `+policy_model.responses_api_models.replay_model.rollouts_jsonl_fpaths=[${rolloutsFile}]`,
  ];
}

const ROLE_OF: Record<string, ServerProcess['role']> = {
  responses_api_agents: 'agent',
  responses_api_models: 'model',
  resources_servers: 'resources',
};

export async function startGymChain(rolloutsFile: string, headPort: number): Promise<Chain & { headUrl: string }> {
  const tail: string[] = [];
  const env = await startEnvironment({
    argv: gymArgv(rolloutsFile, headPort),
    cwd: REPO_ROOT,
    skipEnvYaml: true,
    write: (line) => {
      tail.push(line);
      if (tail.length > 50) tail.shift();
    },
    say: () => {},
  });
  const instances = env.instances();
  const agent = instances.find((i) => i.process_name === PIVOT_AGENT);
  if (!agent) throw new Error(`the pivot config has no instance ${PIVOT_AGENT}`);
  return {
    label: 'Gym',
    headUrl: env.headUrl,
    agentOrigin: agent.url,
    servers: instances.map((i) => ({ role: ROLE_OF[i.server_type], name: i.name, pid: i.pid! })),
    async stop() {
      await env.stop();
    },
  };
}

async function startBare(args: string[], env: NodeJS.ProcessEnv): Promise<{ proc: NodeChild; origin: string }> {
  const proc = spawnNode([BARE_SERVER, ...args], { env });
  const port = await proc.waitFor(/^listening (\d+)$/);
  return { proc, origin: `http://127.0.0.1:${port}` };
}

export async function startBareChain(cannedFile: string): Promise<Chain> {
  const env = { BENCH_CANNED_FILE: cannedFile };
  const [model, verify] = await Promise.all([startBare(['model'], env), startBare(['verify'], env)]);
  const agent = await startBare(['agent', model.origin, verify.origin], env);
  const all = [agent, model, verify];
  return {
    label: 'bare Fastify',
    agentOrigin: agent.origin,
    servers: [
      { role: 'agent', name: 'bare agent', pid: agent.proc.child.pid! },
      { role: 'model', name: 'bare model', pid: model.proc.child.pid! },
      { role: 'resources', name: 'bare verify', pid: verify.proc.child.pid! },
    ],
    async stop() {
      await Promise.all(all.map((s) => s.proc.stop()));
    },
  };
}

/** Start a standalone bare Fastify model-like echo (the per-hop baseline). */
export async function startBareModel(cannedFile: string): Promise<{ origin: string; pid: number; stop(): Promise<void> }> {
  const { proc, origin } = await startBare(['model'], { BENCH_CANNED_FILE: cannedFile });
  return { origin, pid: proc.child.pid!, stop: () => proc.stop() };
}
