/**
 * Closed-loop load: `concurrency` callers each send a request, wait for the
 * whole reply, check it and send the next, for a fixed time. Only replies that
 * complete inside the measured window (after the warm-up, before the end)
 * count, for throughput and for latency. How a request is sent is a `Sender`,
 * so the same loop drives a raw undici pool and Gym's ServerClient.
 */
import { Agent, Pool, request, type Dispatcher } from 'undici';
import { latencyStats, type LatencyStats } from './stats.ts';

export interface Reply {
  status: number;
  text: string;
}

export interface Sender {
  send(body: string): Promise<Reply>;
  close(): Promise<void>;
}

// Client keep-alive below the servers' (Fastify's default is 72 s), so an idle socket is never reused after the server closed it.
const KEEP_ALIVE = { keepAliveTimeout: 4_000, keepAliveMaxTimeout: 30_000 };

/** POSTs over one undici Pool with exactly `connections` keep-alive sockets: the driver never queues on its side. */
export function poolSender(origin: string, path: string, connections: number): Sender {
  const pool = new Pool(origin, { connections, pipelining: 1, ...KEEP_ALIVE });
  return {
    async send(body) {
      const res = await pool.request({ method: 'POST', path, body, headers: { 'content-type': 'application/json' } });
      return { status: res.statusCode, text: await res.body.text() };
    },
    close: () => pool.close(),
  };
}

/** POSTs with undici's `request` over an Agent, as a bare service calling another would. */
export function agentSender(url: string): Sender {
  const dispatcher: Dispatcher = new Agent(KEEP_ALIVE);
  return {
    async send(body) {
      const res = await request(url, { method: 'POST', dispatcher, body, headers: { 'content-type': 'application/json' } });
      return { status: res.statusCode, text: await res.body.text() };
    },
    close: () => dispatcher.close(),
  };
}

export interface LoadOptions {
  sender: Sender;
  /** Request bodies, sent round-robin. */
  bodies: readonly string[];
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  /** Whether a 200 reply's body is the expected answer (default: any 200). */
  accept?(text: string): boolean;
  /**
   * Paced load: the callers together send this many requests per second, each on its own
   * schedule (a late caller sends at once). Without it, each caller sends as soon as its
   * previous reply is in (closed loop: the server is saturated).
   */
  ratePerSecond?: number;
  /** Called when the measured window opens and closes (e.g. to read CPU counters over the window only). */
  onWindowStart?(): void;
  onWindowEnd?(): void;
}

export interface LoadResult {
  concurrency: number;
  /** Replies completed in the measured window. */
  requests: number;
  /** Successful replies over the whole run, warm-up included (to divide CPU time by). */
  completed: number;
  /** Failed requests over the whole run, warm-up included: an error is never excused. */
  errors: number;
  /** A few error descriptions, to say what went wrong. */
  errorSamples: string[];
  /** Replies per second over the measured window. */
  throughput: number;
  latencyMs: LatencyStats;
  windowMs: number;
}

const MAX_ERROR_SAMPLES = 5;

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let completed = 0;
  let next = 0;
  const measureFrom = performance.now() + opts.warmupMs;
  const end = measureFrom + opts.durationMs;
  const accept = opts.accept ?? (() => true);
  const fail = (what: string) => {
    errors++;
    if (errorSamples.length < MAX_ERROR_SAMPLES) errorSamples.push(what);
  };

  const interval = opts.ratePerSecond ? (1000 * opts.concurrency) / opts.ratePerSecond : 0;
  const startAt = performance.now();
  const caller = async (_: unknown, index: number) => {
    let due = startAt + (interval * index) / opts.concurrency;
    while (performance.now() < end) {
      if (interval) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        due += interval;
        if (performance.now() >= end) break;
      }
      const body = opts.bodies[next++ % opts.bodies.length];
      const t0 = performance.now();
      try {
        const res = await opts.sender.send(body);
        const t1 = performance.now();
        if (res.status !== 200) fail(`HTTP ${res.status}: ${res.text.slice(0, 300)}`);
        else if (!accept(res.text)) fail(`unexpected body: ${res.text.slice(0, 300)}`);
        else {
          completed++;
          if (t1 >= measureFrom && t1 <= end) latencies.push(t1 - t0);
        }
      } catch (err) {
        const e = err as { code?: string; message?: string };
        fail(`${e.code ?? 'error'}: ${e.message ?? String(err)}`);
      }
    }
  };
  let opened = false;
  let closed = false;
  const open = () => {
    if (!opened) (opened = true), opts.onWindowStart?.();
  };
  const close = () => {
    if (!closed) open(), (closed = true), opts.onWindowEnd?.();
  };
  const timers = [setTimeout(open, opts.warmupMs), setTimeout(close, opts.warmupMs + opts.durationMs)];
  await Promise.all(Array.from({ length: opts.concurrency }, (_, i) => caller(_, i)));
  for (const t of timers) clearTimeout(t);
  close();
  return {
    concurrency: opts.concurrency,
    requests: latencies.length,
    completed,
    errors,
    errorSamples,
    throughput: latencies.length / (opts.durationMs / 1000),
    latencyMs: latencyStats(latencies),
    windowMs: opts.durationMs,
  };
}
