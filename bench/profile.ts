/**
 * `node --import tsx bench/profile.ts [--bare] [--concurrency N] [--seconds S]`:
 * profile before optimising. Starts the pivot chain's servers as `ng run`
 * would (same config, same entrypoints) but each under `node --cpu-prof`,
 * drives `/run` at the given concurrency, stops them gracefully so V8 writes
 * the profiles, and prints where each process spent its CPU. `--bare`
 * profiles the bare Fastify chain instead, for comparison. The .cpuprofile
 * files stay in bench/results/profiles/ (open them in DevTools or speedscope).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { childConfigEnv, loadGlobalConfig, writeChildConfigFile } from '@gym/config';
import { BARE_SERVER, gymArgv } from './lib/chains.ts';
import { createContext } from './lib/context.ts';
import { formatProfileSummary, summarizeProfile, type CpuProfile } from './lib/cpu-profile.ts';
import { runLoad, poolSender } from './lib/load.ts';
import { parseBenchArgs } from './lib/options.ts';
import { freePort, REPO_ROOT, sleep, spawnNode, type NodeChild } from './lib/processes.ts';
import { isRunResult, runBodies } from './lib/workload.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const concurrency = option('--concurrency', 64);
const seconds = option('--seconds', 10);
const bare = process.argv.includes('--bare');
const outDir = resolve(REPO_ROOT, 'bench/results/profiles', bare ? 'bare' : 'gym');
const ctx = createContext(parseBenchArgs(['--quick']));
rmSync(outDir, { recursive: true, force: true });

async function waitHealthy(origin: string, proc: NodeChild): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (proc.child.exitCode !== null) throw new Error(`server exited:\n${proc.output()}`);
    try {
      if ((await fetch(`${origin}/`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(50);
  }
  throw new Error(`not healthy: ${origin}\n${proc.output()}`);
}

async function startGym(): Promise<{ procs: Array<[string, NodeChild]>; agentOrigin: string }> {
  const { tree, instances } = await loadGlobalConfig({ argv: gymArgv(ctx.rolloutsFile, await freePort()), cwd: REPO_ROOT, skipEnvYaml: true });
  const configFile = writeChildConfigFile(tree, ctx.workDir);
  const procs: Array<[string, NodeChild]> = [];
  for (const i of instances) {
    const dir = join(outDir, i.impl);
    mkdirSync(dir, { recursive: true });
    const proc = spawnNode(['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', join(i.dirPath, i.entrypoint)], {
      cwd: i.dirPath,
      env: childConfigEnv(configFile, i.name),
    });
    procs.push([i.impl, proc]);
    await waitHealthy(`http://${i.host}:${i.port}`, proc);
  }
  const agent = instances.find((i) => i.serverType === 'responses_api_agents')!;
  return { procs, agentOrigin: `http://${agent.host}:${agent.port}` };
}

async function startBare(): Promise<{ procs: Array<[string, NodeChild]>; agentOrigin: string }> {
  const start = async (role: string, args: string[] = []) => {
    const dir = join(outDir, role);
    mkdirSync(dir, { recursive: true });
    const proc = spawnNode(['--cpu-prof', `--cpu-prof-dir=${dir}`, BARE_SERVER, role, ...args], { env: { BENCH_CANNED_FILE: ctx.cannedFile } });
    return { proc, origin: `http://127.0.0.1:${await proc.waitFor(/^listening (\d+)$/)}` };
  };
  const [model, verify] = await Promise.all([start('model'), start('verify')]);
  const agent = await start('agent', [model.origin, verify.origin]);
  return { procs: [['agent', agent.proc], ['model', model.proc], ['verify', verify.proc]], agentOrigin: agent.origin };
}

const { procs, agentOrigin } = bare ? await startBare() : await startGym();
try {
  const sender = poolSender(agentOrigin, '/run', concurrency);
  const result = await runLoad({ sender, bodies: runBodies(ctx.rows), concurrency, durationMs: seconds * 1000, warmupMs: 1_000, accept: isRunResult });
  await sender.close();
  console.log(`${bare ? 'bare' : 'Gym'} /run at concurrency ${concurrency}: ${result.throughput.toFixed(0)} rollouts/s, p50 ${result.latencyMs.p50.toFixed(1)} ms, p99 ${result.latencyMs.p99.toFixed(1)} ms, ${result.errors} errors`);
} finally {
  await Promise.all(procs.map(([, p]) => p.stop()));
  rmSync(ctx.workDir, { recursive: true, force: true });
}
for (const [name] of procs) {
  const dir = join(outDir, name);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    console.log(`\n${formatProfileSummary(`${name} (${join(dir, file)})`, summarizeProfile(profile, Number(process.env.PROFILE_TOP ?? 15)))}`);
  }
}
