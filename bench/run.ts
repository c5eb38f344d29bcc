/**
 * `pnpm bench [--quick] [--only sections] [--out file]`: the benchmark suite.
 * Runs each section (see lib/options.ts), writes a JSON results file and
 * prints the markdown report (the README's Performance section) on stdout;
 * progress goes to stderr. Never part of the test suite.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { startBareChain, startGymChain, type Chain } from './lib/chains.ts';
import { createContext, type BenchContext } from './lib/context.ts';
import { parseBenchArgs, type Section } from './lib/options.ts';
import { freePort, machineInfo, REPO_ROOT } from './lib/processes.ts';
import { formatReport, type BenchResults } from './lib/report.ts';
import { checkTargets } from './lib/targets.ts';
import { measureCollect } from './sections/collect.ts';
import { measureColdStart } from './sections/cold-start.ts';
import { measureHop } from './sections/hop.ts';
import { measureSoak } from './sections/load.ts';
import { measureIdleRss } from './sections/memory.ts';
import { measureThroughput } from './sections/throughput.ts';
import { measureVerifier } from './sections/verifier.ts';

const MODEL_CHOICE =
  'responses_api_models/replay_model (the offline default model server) loaded with one recorded turn per example row, ' +
  'a canned tool call answered from memory with no delay; the bare chain\'s model-like echo answers a canned tool call of the same shape.';

async function section<T>(ctx: BenchContext, results: BenchResults, name: Section, run: () => Promise<T>): Promise<T | undefined> {
  if (!ctx.opts.sections.has(name)) return undefined;
  const t0 = performance.now();
  ctx.log(`${name}…`);
  try {
    const value = await run();
    ctx.log(`${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return value;
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    ctx.log(`${name} FAILED: ${message}`);
    results.failures.push({ section: name, error: message });
    return undefined;
  }
}

async function main(): Promise<number> {
  process.chdir(REPO_ROOT);
  const opts = parseBenchArgs(process.argv.slice(2));
  const ctx = createContext(opts);
  const results: BenchResults = { mode: opts.quick ? 'quick' : 'full', startedAt: new Date().toISOString(), machine: machineInfo(), modelChoice: MODEL_CHOICE, failures: [] };
  ctx.log(`${results.mode} run on ${results.machine.cores} cores, Node ${results.machine.node}, load average ${results.machine.loadAverage.join(' ')}`);

  let gym: (Chain & { headUrl: string }) | undefined;
  let bare: Chain | undefined;
  try {
    results.verifier = await section(ctx, results, 'verifier', () => measureVerifier(ctx));
    // Before the chains start: a cold start should not compete with idle servers of the bench.
    results.coldStart = await section(ctx, results, 'cold-start', () => measureColdStart(ctx));

    const needChains = ['memory', 'throughput', 'load', 'collect'].some((s) => opts.sections.has(s as Section));
    if (needChains) {
      [gym, bare] = await Promise.all([startGymChain(ctx.rolloutsFile, await freePort()), startBareChain(ctx.cannedFile)]);
      const idle = await section(ctx, results, 'memory', () => measureIdleRss(gym!, bare!, 'idle after start'));
      if (idle) results.idleRss = [idle];
    }
    results.hop = await section(ctx, results, 'hop', () => measureHop(ctx));
    if (gym && bare) {
      results.throughput = await section(ctx, results, 'throughput', () => measureThroughput(ctx, gym!, bare!));
      results.load = await section(ctx, results, 'load', () => measureSoak(ctx, gym!));
      if (results.idleRss && (results.throughput || results.load)) {
        const after = await section(ctx, results, 'memory', () => measureIdleRss(gym!, bare!, 'idle after load', 2_000));
        if (after) results.idleRss.push(after);
      }
      results.collect = await section(ctx, results, 'collect', () => measureCollect(ctx, gym!.headUrl));
    }
  } finally {
    await Promise.all([gym?.stop(), bare?.stop()]);
    rmSync(ctx.workDir, { recursive: true, force: true });
  }

  results.finishedAt = new Date().toISOString();
  results.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  results.targets = checkTargets(results);
  const out = resolve(REPO_ROOT, opts.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\n${formatReport(results)}`);
  ctx.log(`results written to ${out}`);
  return results.failures.length ? 1 : 0;
}

process.exitCode = await main();
