/** streamPool: at most `concurrency` tasks run, at most one batch waits behind them, drained() waits for all and reports a failure. */
import { describe, expect, it } from 'vitest';
import { streamPool } from '../src/stream-pool.ts';

describe('streamPool', () => {
  it('holds the producer while a full batch is queued, and runs every task', async () => {
    const pool = streamPool(2);
    const release: Array<() => void> = [];
    let inFlight = 0;
    let peak = 0;
    let done = 0;
    const task = () =>
      new Promise<void>((resolve) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        release.push(() => {
          inFlight--;
          done++;
          resolve();
        });
      });
    // Two run and two wait in the queue; the fifth add must wait for room.
    for (let i = 0; i < 4; i++) await pool.add(task);
    let fifthQueued = false;
    const fifth = pool.add(task).then(() => (fifthQueued = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(fifthQueued).toBe(false);
    expect(inFlight).toBe(2);

    release.shift()!();
    await fifth;
    expect(fifthQueued).toBe(true);
    let finished = false;
    const drained = pool.drained().then(() => (finished = true));
    while (done < 5) {
      await new Promise((r) => setTimeout(r, 5));
      release.shift()?.();
    }
    await drained;
    expect(finished).toBe(true);
    expect(peak).toBe(2);
  });

  it('keeps running after a task fails, and drained() rejects with the first failure', async () => {
    const pool = streamPool(1);
    const ran: number[] = [];
    for (let i = 0; i < 4; i++) {
      await pool.add(async () => {
        await new Promise((r) => setTimeout(r, 2));
        ran.push(i);
        if (i === 1 || i === 2) throw new Error(`task ${i} failed`);
      });
    }
    await expect(pool.drained()).rejects.toThrow('task 1 failed');
    expect(ran).toEqual([0, 1, 2, 3]);
  });
});
