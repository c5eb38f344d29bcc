/**
 * Several vLLM endpoints behind one model server: each session is pinned to
 * one of them by a hash of its id, so every turn of a rollout reuses the same
 * engine's prefix cache. The choice is a pure function of the session id, so
 * it holds across restarts and across server processes.
 */
import { createHash } from 'node:crypto';
import { UpstreamClient, type UpstreamPolicy } from '@gym/upstream';

/** `uint64_be(sha256(sessionId)[0..8]) % n`, as the reference computes it. */
export function backendIndex(sessionId: string, n: number): number {
  const digest = createHash('sha256').update(sessionId, 'utf8').digest();
  return Number(digest.readBigUInt64BE(0) % BigInt(n));
}

export class UpstreamPool {
  readonly clients: UpstreamClient[];

  constructor(baseUrls: string[], opts: { apiKey: string; defaultHeaders: Record<string, string>; policy: UpstreamPolicy }) {
    this.clients = baseUrls.map((baseUrl) => new UpstreamClient({ baseUrl, apiKey: opts.apiKey, defaultHeaders: opts.defaultHeaders, policy: opts.policy }));
  }

  forSession(sessionId: string): UpstreamClient {
    return this.clients[this.clients.length === 1 ? 0 : backendIndex(sessionId, this.clients.length)];
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
  }
}
