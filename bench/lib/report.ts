/**
 * The bench's results: the JSON document written to disk and the markdown
 * report printed at the end (the text of the README's Performance section),
 * with every target checked against what was measured in this run.
 */
import type { CollectResult } from '../sections/collect.ts';
import { formatCollect } from '../sections/collect.ts';
import type { ColdStartResult } from '../sections/cold-start.ts';
import { formatColdStart } from '../sections/cold-start.ts';
import type { HopResult } from '../sections/hop.ts';
import { formatHop } from '../sections/hop.ts';
import type { SoakResult } from '../sections/load.ts';
import { formatSoak } from '../sections/load.ts';
import type { IdleRssResult } from '../sections/memory.ts';
import { formatIdleRss } from '../sections/memory.ts';
import type { ThroughputPoint } from '../sections/throughput.ts';
import { formatCpu, formatThroughput } from '../sections/throughput.ts';
import type { VerifierResult } from '../sections/verifier.ts';
import { formatVerifier } from '../sections/verifier.ts';
import type { MachineInfo } from './processes.ts';
import { formatTargets, type Target } from './targets.ts';

export interface BenchResults {
  mode: 'quick' | 'full';
  startedAt: string;
  finishedAt?: string;
  machine: MachineInfo;
  /** Load averages when the run ended (the machine may be shared). */
  loadAverageAtEnd?: number[];
  /** How the instant upstream model is made. */
  modelChoice: string;
  verifier?: VerifierResult;
  coldStart?: ColdStartResult;
  idleRss?: IdleRssResult[];
  hop?: HopResult;
  throughput?: ThroughputPoint[];
  load?: SoakResult;
  collect?: CollectResult;
  targets?: Target[];
  /** Sections that failed, with the error. */
  failures: Array<{ section: string; error: string }>;
}

export function formatReport(r: BenchResults): string {
  const m = r.machine;
  const parts = [
    `Measured ${r.startedAt.slice(0, 10)} with \`pnpm bench${r.mode === 'quick' ? ' --quick' : ''}\` on ${m.cores} cores (${m.cpu}), ${m.memoryGb} GB, Node ${m.node}, ${m.platform}; ` +
      `load average ${m.loadAverage.join(' / ')} at the start${r.loadAverageAtEnd ? `, ${r.loadAverageAtEnd.join(' / ')} at the end` : ''}. ` +
      'Figures are medians over repetitions, with the range in parentheses; Gym and the bare chain were measured side by side in the same run.',
    `Instant upstream model: ${r.modelChoice}`,
  ];
  if (r.throughput) {
    parts.push('### Rollout throughput, `/run` (Gym vs bare Fastify chain with the same hops)', formatThroughput(r.throughput));
    parts.push('CPU time per rollout (µs, all server processes, from /proc; steadier than wall-clock figures on a shared machine):', formatCpu(r.throughput));
  }
  if (r.hop) parts.push('### Per-hop overhead', formatHop(r.hop));
  if (r.load) parts.push('### Sustained load', formatSoak(r.load));
  if (r.coldStart) parts.push('### Cold start', formatColdStart(r.coldStart));
  if (r.idleRss) parts.push('### Idle memory (RSS of each server process)', formatIdleRss(r.idleRss));
  if (r.collect) parts.push('### `ng collect-rollouts` memory', formatCollect(r.collect));
  if (r.verifier) parts.push('### Verifier speed', formatVerifier(r.verifier));
  if (r.targets) parts.push('### Targets', formatTargets(r.targets));
  if (r.failures.length) parts.push('### Sections that failed', r.failures.map((f) => `- ${f.section}: ${f.error.split('\n')[0]}`).join('\n'));
  return `${parts.join('\n\n')}\n`;
}
