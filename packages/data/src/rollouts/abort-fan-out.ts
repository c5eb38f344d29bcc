/**
 * Aborting the requests of a run: each request gets an AbortController of its own, and the run's
 * signal aborts them all through one listener.
 *
 * Why not hand the run's signal to every request: each request then adds and removes a listener
 * on one long-lived EventTarget. Its listener list lives in the old generation, and a removed
 * listener still points at the next one until a full GC, so each request's handler (its body and
 * its reply) survives young collections; under load every reply is promoted and the heap grows
 * with the length of the run. A Set of controllers drops its entries outright.
 */
export class AbortFanOut {
  private readonly live = new Set<AbortController>();
  private readonly onAbort = () => {
    for (const controller of this.live) controller.abort(this.parent?.reason);
  };

  constructor(private readonly parent: AbortSignal | undefined) {
    parent?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Run `fn` with a signal of its own (none when the run has none), aborted with the run's. */
  async run<T>(fn: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    if (!this.parent) return fn(undefined);
    const controller = new AbortController();
    if (this.parent.aborted) controller.abort(this.parent.reason);
    this.live.add(controller);
    try {
      return await fn(controller.signal);
    } finally {
      this.live.delete(controller);
    }
  }

  close(): void {
    this.parent?.removeEventListener('abort', this.onAbort);
    this.live.clear();
  }
}
