/**
 * Materialization's memory of the tasks it has seen, in typed arrays: the task of each distinct
 * row text (by SHA-1) and the next rollout index of each task. With Maps of digest strings and
 * numbers, 100k tasks held ~22 MB of heap that no full GC reclaimed during the collection that
 * follows (its young objects die young, so nothing triggers one); here they cost ~7 MB outside the
 * heap, given back as soon as materialization is done (and outgrown arrays at once).
 */

import { releaseNow } from './release-memory.ts';

const DIGEST_WORDS = 5; // SHA-1: 20 bytes

/** SHA-1 digest → task index: an open-addressing table with linear probing, kept at most half full. */
export class TaskByDigest {
  private digests = new Uint32Array(1024 * DIGEST_WORDS);
  private tasks = new Float64Array(1024).fill(Number.NaN);
  private size = 0;

  /** The task recorded for `digest` (20 bytes), or undefined. */
  get(digest: Buffer): number | undefined {
    const slot = this.find(digest, this.digests, this.tasks);
    const task = this.tasks[slot];
    return Number.isNaN(task) ? undefined : task;
  }

  set(digest: Buffer, task: number): void {
    const slot = this.find(digest, this.digests, this.tasks);
    if (Number.isNaN(this.tasks[slot])) {
      for (let w = 0; w < DIGEST_WORDS; w++) this.digests[slot * DIGEST_WORDS + w] = digest.readUInt32LE(4 * w);
      this.size++;
    }
    this.tasks[slot] = task;
    if (2 * this.size > this.tasks.length) this.grow();
  }

  /** Done with the table: its memory goes back now (see release-memory.ts). */
  release(): void {
    releaseNow(this.digests, this.tasks);
  }

  /** The slot holding `digest`, or the empty slot where it belongs. */
  private find(digest: Buffer, digests: Uint32Array, tasks: Float64Array): number {
    const mask = tasks.length - 1;
    for (let slot = digest.readUInt32LE(0) & mask; ; slot = (slot + 1) & mask) {
      if (Number.isNaN(tasks[slot])) return slot;
      let same = true;
      for (let w = 0; w < DIGEST_WORDS && same; w++) same = digests[slot * DIGEST_WORDS + w] === digest.readUInt32LE(4 * w);
      if (same) return slot;
    }
  }

  private grow(): void {
    const capacity = this.tasks.length * 2;
    const digests = new Uint32Array(capacity * DIGEST_WORDS);
    const tasks = new Float64Array(capacity).fill(Number.NaN);
    const key = Buffer.alloc(4 * DIGEST_WORDS);
    for (let old = 0; old < this.tasks.length; old++) {
      if (Number.isNaN(this.tasks[old])) continue;
      for (let w = 0; w < DIGEST_WORDS; w++) key.writeUInt32LE(this.digests[old * DIGEST_WORDS + w], 4 * w);
      const slot = this.find(key, digests, tasks);
      digests.set(this.digests.subarray(old * DIGEST_WORDS, (old + 1) * DIGEST_WORDS), slot * DIGEST_WORDS);
      tasks[slot] = this.tasks[old];
    }
    releaseNow(this.digests, this.tasks);
    this.digests = digests;
    this.tasks = tasks;
  }
}

/** Tasks below this use the dense array; others (explicit, sparse `_ng_task_index` values) a Map. */
const DENSE_LIMIT = 1 << 24;

/** Rollouts handed out per task, so each task's rollout indices count up from 0. */
export class RolloutCounters {
  private dense = new Uint32Array(1024);
  private readonly sparse = new Map<number, number>();
  /** Distinct tasks seen. */
  tasks = 0;

  /** Done counting: the array's memory goes back now (see release-memory.ts). */
  release(): void {
    releaseNow(this.dense);
  }

  /** The next rollout index of `task` (0 for a task not seen before), counted as handed out. */
  take(task: number): number {
    if (task >= 0 && task < DENSE_LIMIT) {
      if (task >= this.dense.length) {
        const bigger = new Uint32Array(Math.min(DENSE_LIMIT, Math.max(task + 1, this.dense.length * 2)));
        bigger.set(this.dense);
        releaseNow(this.dense);
        this.dense = bigger;
      }
      const n = this.dense[task];
      if (n === 0) this.tasks++;
      this.dense[task] = n + 1;
      return n;
    }
    const n = this.sparse.get(task) ?? 0;
    if (n === 0) this.tasks++;
    this.sparse.set(task, n + 1);
    return n;
  }
}
