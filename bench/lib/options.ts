/**
 * What a bench run measures and for how long: the full suite (minutes, for the
 * published figures) or `--quick` (under a minute, to check the harness and
 * see the trend). `--only a,b` runs some sections.
 */

export const SECTIONS = ['verifier', 'cold-start', 'memory', 'hop', 'throughput', 'load', 'collect'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  quick: boolean;
  sections: Set<Section>;
  /** Results JSON file. */
  out: string;
  concurrencies: number[];
  /** Side-by-side repetitions per concurrency (Gym and bare alternate in each). */
  repetitions: number;
  durationMs: number;
  warmupMs: number;
  hop: { concurrency: number; durationMs: number; warmupMs: number; repetitions: number };
  coldStartRuns: number;
  /** Also time the start through tsx, after an edit, and with a precompiled CLI. */
  coldStartVariants: boolean;
  collectRows: number[];
  /** Also run each collection with `+disable_aggregation=true`. */
  collectWithoutAggregation: boolean;
  load: { concurrency: number; durationMs: number; rssIntervalMs: number };
  verifier: { iterations: number; repetitions: number };
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let quick = false;
  let only: string[] | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--only') only = (argv[++i] ?? '').split(',');
    else if (arg.startsWith('--only=')) only = arg.slice(7).split(',');
    else if (arg === '--out') out = argv[++i];
    else if (arg.startsWith('--out=')) out = arg.slice(6);
    else if (arg === '--') continue;
    else throw new Error(`unknown bench option ${arg} (use --quick, --only ${SECTIONS.join(',')}, --out <file>)`);
  }
  const unknown = (only ?? []).filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`unknown section(s) ${unknown.join(', ')}; sections: ${SECTIONS.join(', ')}`);
  const sections = new Set<Section>((only as Section[] | undefined) ?? SECTIONS);
  const common = { quick, sections, out: out ?? `bench/results/${quick ? 'quick' : 'full'}.json`, concurrencies: [1, 16, 64, 256] };
  if (quick) {
    return {
      ...common,
      repetitions: 1,
      durationMs: 1_200,
      warmupMs: 300,
      hop: { concurrency: 16, durationMs: 1_000, warmupMs: 300, repetitions: 1 },
      coldStartRuns: 1,
      coldStartVariants: false,
      collectRows: [200, 1_000],
      collectWithoutAggregation: false,
      load: { concurrency: 256, durationMs: 4_000, rssIntervalMs: 500 },
      verifier: { iterations: 2_000, repetitions: 3 },
    };
  }
  return {
    ...common,
    repetitions: 3,
    durationMs: 8_000,
    warmupMs: 2_000,
    hop: { concurrency: 16, durationMs: 5_000, warmupMs: 1_000, repetitions: 3 },
    coldStartRuns: 5,
    coldStartVariants: true,
    collectRows: [1_000, 10_000, 100_000],
    collectWithoutAggregation: true,
    load: { concurrency: 256, durationMs: 60_000, rssIntervalMs: 1_000 },
    verifier: { iterations: 20_000, repetitions: 5 },
  };
}
