/**
 * A bounded pool fed from a stream of rows: at most `concurrency` tasks run and at most as many
 * wait behind them; the producer waits for room, so memory stays flat in the input size however
 * long the input is.
 *
 * The waiting tasks sit in a ring buffer whose slots are cleared when taken, not in a linked list
 * (p-limit's queue): a dequeued list node that lived long enough to be promoted still points at the
 * next node, which keeps the next task (its row, its request, its reply) alive through young
 * collections until it is promoted too, and so on down the list. Once that starts, every task of
 * the run is promoted and the old space grows with the run.
 */

export interface StreamPool {
  readonly concurrency: number;
  /** Queue `task`, first waiting for room; resolves once it is queued, not when it has run. */
  add(task: () => Promise<void>): Promise<void>;
  /** Resolves when every task queued so far has finished; rejects with the first task's error, if any. */
  drained(): Promise<void>;
}

export function streamPool(concurrency: number): StreamPool {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError(`concurrency must be an integer >= 1, got ${concurrency}`);
  const waiting: Array<(() => Promise<void>) | undefined> = new Array(concurrency).fill(undefined);
  let head = 0;
  let queued = 0;
  let active = 0;
  let failure: { error: unknown } | undefined;
  let roomFreed: (() => void) | undefined;
  let idle: Array<() => void> = [];

  const finished = () => {
    active--;
    if (queued > 0) {
      const next = waiting[head]!;
      waiting[head] = undefined;
      head = (head + 1) % concurrency;
      queued--;
      start(next);
    }
    const wake = roomFreed;
    roomFreed = undefined;
    wake?.();
    if (active === 0) {
      const waiters = idle;
      idle = [];
      for (const resolve of waiters) resolve();
    }
  };
  const start = (task: () => Promise<void>) => {
    active++;
    (async () => task())()
      .catch((error: unknown) => void (failure ??= { error }))
      .finally(finished);
  };

  return {
    concurrency,
    async add(task) {
      while (queued >= concurrency) await new Promise<void>((resolve) => (roomFreed = resolve));
      if (active < concurrency) start(task);
      else {
        waiting[(head + queued) % concurrency] = task;
        queued++;
      }
    },
    async drained() {
      if (active > 0) await new Promise<void>((resolve) => idle.push(resolve));
      if (failure) throw failure.error;
    },
  };
}
