/** TaskByDigest / RolloutCounters: the same answers a Map gives, through growth, probing and sparse task indices. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RolloutCounters, TaskByDigest } from '../src/rollouts/task-index.ts';

const sha1 = (s: string) => createHash('sha1').update(s).digest();

describe('TaskByDigest', () => {
  it('maps digests to tasks as a Map would, across many growths', () => {
    const table = new TaskByDigest();
    const reference = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const text = `row ${i % 15_000}`; // a quarter of the rows repeat an earlier text
      const digest = sha1(text);
      const task = table.get(digest) ?? reference.size;
      expect(task).toBe(reference.get(text) ?? reference.size);
      table.set(digest, task);
      reference.set(text, task);
    }
    for (const [text, task] of reference) expect(table.get(sha1(text))).toBe(task);
    expect(table.get(sha1('never seen'))).toBeUndefined();
  });

  it('tells apart digests that share their first word (same start slot)', () => {
    const table = new TaskByDigest();
    const a = Buffer.alloc(20, 1);
    const b = Buffer.from(a);
    b[19] = 2;
    table.set(a, 7);
    expect(table.get(b)).toBeUndefined();
    table.set(b, 9);
    expect([table.get(a), table.get(b)]).toEqual([7, 9]);
  });
});

describe('RolloutCounters', () => {
  it('counts rollouts per task from 0, dense or sparse, and the distinct tasks', () => {
    const counters = new RolloutCounters();
    const taken = [0, 0, 5000, 0, -3, 2 ** 40, -3, 5000, 2 ** 40].map((task) => counters.take(task));
    expect(taken).toEqual([0, 1, 0, 2, 0, 0, 1, 1, 1]);
    expect(counters.tasks).toBe(4);
  });
});
