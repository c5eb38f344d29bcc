/**
 * A p-limit pool fed from a stream of rows: the producer waits while a full batch is queued
 * behind the running tasks, so memory stays flat in the input size however long the input is.
 */
import pLimit from 'p-limit';

export interface StreamPool {
  readonly concurrency: number;
  /** Queue `task`, first waiting for room; resolves once it is queued, not when it has run. */
  add(task: () => Promise<void>): Promise<void>;
  /** Resolves when every task queued so far has finished. */
  drained(): Promise<void>;
}

export function streamPool(concurrency: number): StreamPool {
  const limit = pLimit(concurrency);
  const running = new Set<Promise<void>>();
  let slotFreed: (() => void) | undefined;
  return {
    concurrency: limit.concurrency,
    async add(task) {
      while (limit.pendingCount >= limit.concurrency) await new Promise<void>((r) => (slotFreed = r));
      const p: Promise<void> = limit(task).finally(() => {
        running.delete(p);
        slotFreed?.();
      });
      running.add(p);
    },
    async drained() {
      await Promise.all(running);
    },
  };
}
