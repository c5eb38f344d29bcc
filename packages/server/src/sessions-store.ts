/**
 * Per-session state for stateful resources servers, keyed by the session id.
 * Bounded (LRU by last use, plus idle expiry) so a server that runs for days
 * does not grow without limit. State lives in one process: it does not span
 * several workers.
 */

export interface SessionStoreOptions {
  /** Most sessions kept; the least recently used one is dropped beyond it. */
  maxSessions?: number;
  /** Sessions idle longer than this are dropped. */
  idleMs?: number;
}

export class SessionStore<T> {
  private readonly map = new Map<string, { value: T; touched: number }>();
  private readonly maxSessions: number;
  private readonly idleMs: number;

  constructor(opts: SessionStoreOptions = {}) {
    this.maxSessions = opts.maxSessions ?? 100_000;
    this.idleMs = opts.idleMs ?? 6 * 60 * 60 * 1000;
  }

  get(sessionId: string): T | undefined {
    const entry = this.map.get(sessionId);
    if (!entry) return undefined;
    const now = Date.now();
    if (now - entry.touched > this.idleMs) {
      this.map.delete(sessionId);
      return undefined;
    }
    entry.touched = now;
    this.map.delete(sessionId);
    this.map.set(sessionId, entry);
    return entry.value;
  }

  set(sessionId: string, value: T): void {
    this.map.delete(sessionId);
    this.map.set(sessionId, { value, touched: Date.now() });
    while (this.map.size > this.maxSessions) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
    }
  }

  /** The session's state, created with `init` when absent. */
  getOrCreate(sessionId: string, init: () => T): T {
    const existing = this.get(sessionId);
    if (existing !== undefined) return existing;
    const value = init();
    this.set(sessionId, value);
    return value;
  }

  delete(sessionId: string): void {
    this.map.delete(sessionId);
  }

  get size(): number {
    return this.map.size;
  }
}
