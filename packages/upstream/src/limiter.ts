/**
 * A counting semaphore for upstream calls: `max_concurrent_requests` keeps a
 * rate-limited endpoint under its quota. `null` means no limit.
 */

export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly max: number | null) {
    if (max !== null && !(Number.isInteger(max) && max >= 1)) throw new RangeError(`max_concurrent_requests must be null or an integer >= 1, got ${max}`);
  }

  get inFlight(): number {
    return this.active;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.max === null) return fn();
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      // Hand the slot straight to the next waiter so the count never dips and overshoots.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
