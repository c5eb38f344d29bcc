/**
 * Idle memory: the resident set (RSS, the process and anything it started)
 * of every server of both chains, measured in the same run. Each Gym server
 * is compared with the median bare Fastify server.
 */
import type { Chain } from '../lib/chains.ts';
import { sleep, treeRss } from '../lib/processes.ts';
import { median, ratio } from '../lib/stats.ts';
import { formatMegabytes, formatPercent, markdownTable } from '../lib/table.ts';

export interface ServerRss {
  role: string;
  name: string;
  rssBytes: number;
}

export interface IdleRssResult {
  when: string;
  gym: ServerRss[];
  bare: ServerRss[];
  bareMedianBytes: number;
  /** Largest Gym server RSS as a multiple of the median bare server's. */
  worstRatio: number;
}

const SAMPLES = 5;

/** Median of a few samples, so a GC in progress does not decide the figure. */
async function steadyRss(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    samples.push(treeRss(pid));
    await sleep(100);
  }
  return median(samples);
}

async function chainRss(chain: Chain): Promise<ServerRss[]> {
  return Promise.all(chain.servers.map(async (s) => ({ role: s.role, name: s.name, rssBytes: await steadyRss(s.pid) })));
}

export async function measureIdleRss(gym: Chain, bare: Chain, when: string, settleMs = 1_000): Promise<IdleRssResult> {
  await sleep(settleMs);
  const [g, b] = await Promise.all([chainRss(gym), chainRss(bare)]);
  const bareMedianBytes = median(b.map((s) => s.rssBytes));
  return { when, gym: g, bare: b, bareMedianBytes, worstRatio: Math.max(...g.map((s) => ratio(s.rssBytes, bareMedianBytes))) };
}

export function formatIdleRss(results: IdleRssResult[]): string {
  const rows: string[][] = [];
  for (const r of results) {
    for (const s of r.gym) rows.push([r.when, `Gym ${s.role} (${s.name})`, formatMegabytes(s.rssBytes), formatPercent(ratio(s.rssBytes, r.bareMedianBytes))]);
    for (const s of r.bare) rows.push([r.when, s.name, formatMegabytes(s.rssBytes), formatPercent(ratio(s.rssBytes, r.bareMedianBytes))]);
  }
  return markdownTable(['when', 'server process', 'RSS', 'vs bare median'], rows, ['left', 'left', 'right', 'right']);
}
