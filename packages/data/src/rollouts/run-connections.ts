/**
 * The connections of a collection: its `/run` calls go through a pool of their own, with as many
 * sockets per agent as calls in flight, destroyed when the run's abort signal fires (which fails
 * every call in flight at once) or when the run ends.
 *
 * Why a pool of its own: unlimited, it opened ~180 sockets for 64 calls, and a socket idle between
 * two calls keeps its last reply's buffers and timers alive long enough to be promoted to the old
 * generation, which no collection during the run reclaims (~+15 MB over 100k rollouts).
 * Why not an abort signal per call: undici then keeps each call's handler, with its body and its
 * reply, on the signal's listener list until the reply's stream closes, and in about half of the
 * runs under load every reply ended up promoted (~150 MB per 10k rollouts instead of ~20 MB; never
 * with --no-allocation-site-pretenuring, never without signals).
 */
import { createAgent, type ServerClient } from '@gym/client';

export class RunConnections {
  /** The client to make the run's calls with. */
  readonly client: ServerClient;
  private readonly pool: ReturnType<typeof createAgent>;
  private readonly onAbort = () => void this.pool.destroy().catch(() => {});

  constructor(client: ServerClient, concurrency: number, private readonly signal: AbortSignal | undefined) {
    this.pool = createAgent({ connections: concurrency });
    this.client = client.withDispatcher(this.pool);
    signal?.addEventListener('abort', this.onAbort, { once: true });
    if (signal?.aborted) this.onAbort();
  }

  /** Drop the pool (every call has finished, or the run is failing anyway). */
  async close(): Promise<void> {
    this.signal?.removeEventListener('abort', this.onAbort);
    await this.pool.destroy().catch(() => {});
  }
}
