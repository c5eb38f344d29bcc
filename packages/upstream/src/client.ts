/**
 * UpstreamClient: JSON over HTTP to one OpenAI-compatible endpoint (OpenAI,
 * vLLM, ...) with Bearer auth, default headers, bounded retries with backoff
 * and jitter, and a deadline per attempt. Non-streaming only. Bodies are sent
 * and returned as plain JSON so vendor fields (vLLM token ids) pass untouched.
 */
import { Agent, request, type Dispatcher } from 'undici';
import { DEFAULT_UPSTREAM_POLICY, backoffMs, type UpstreamPolicy } from './policy.ts';
import { UpstreamHttpError, displayUrl, upstreamErrors } from './errors.ts';

/** Statuses worth another try: rate limits, gateways, Cloudflare's 520. 500 has its own smaller budget. */
export const TRANSIENT_STATUSES = new Set([429, 502, 503, 504, 520]);
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

export interface UpstreamClientOptions {
  /** Base URL including the API prefix, e.g. `http://host:8000/v1`. */
  baseUrl: string;
  apiKey?: string;
  defaultHeaders?: Record<string, string>;
  policy?: Partial<UpstreamPolicy>;
  dispatcher?: Dispatcher;
}

export interface UpstreamReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Number of HTTP attempts it took. */
  attempts: number;
  json<T = unknown>(): T;
}

export class UpstreamClient {
  readonly baseUrl: string;
  readonly policy: UpstreamPolicy;
  private readonly headers: Record<string, string>;
  private readonly apiKey: string | undefined;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;

  constructor(opts: UpstreamClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.policy = { ...DEFAULT_UPSTREAM_POLICY, ...opts.policy };
    this.apiKey = opts.apiKey || undefined;
    this.headers = { 'content-type': 'application/json', ...opts.defaultHeaders };
    if (this.apiKey) this.headers.authorization = `Bearer ${this.apiKey}`;
    this.ownsDispatcher = !opts.dispatcher;
    // Generation can take many minutes: undici's own 300 s header/body timeouts are off; our per-attempt deadline rules.
    this.dispatcher = opts.dispatcher ?? new Agent({ keepAliveTimeout: 4_000, connections: null, headersTimeout: 0, bodyTimeout: 0, connect: { timeout: 10_000 } });
  }

  /** `{baseUrl}{path}`, e.g. `/chat/completions`. */
  url(path: string): string {
    return `${this.baseUrl}${path.startsWith('/') ? path : `/${path}`}`;
  }

  /** vLLM serves some routes (`/tokenize`) beside `/v1`, not under it. */
  rootUrl(path: string): string {
    return `${this.baseUrl.replace(/\/v1$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
  }

  /** POST `{baseUrl}{path}` and parse the reply; a non-2xx status (after retries) throws UpstreamHttpError. */
  async postJson<T = Record<string, unknown>>(path: string, body: unknown): Promise<T> {
    return this.expectOk<T>('POST', this.url(path), body);
  }

  async postJsonAt<T = Record<string, unknown>>(absoluteUrl: string, body: unknown): Promise<T> {
    return this.expectOk<T>('POST', absoluteUrl, body);
  }

  async getJson<T = Record<string, unknown>>(path: string): Promise<T> {
    return this.expectOk<T>('GET', this.url(path), undefined);
  }

  /** One logical call with retries; returns the last reply whatever its status. */
  async send(method: 'GET' | 'POST', url: string, body: unknown): Promise<UpstreamReply> {
    const p = this.policy;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let attempts = 0;
    let transientRetries = 0;
    let retries500 = 0;
    for (;;) {
      attempts++;
      let reply: UpstreamReply;
      try {
        reply = await this.once(method, url, payload, attempts);
      } catch (err) {
        if (err instanceof AttemptTimeout) throw upstreamErrors.timeout(method, this.shown(url), p.requestTimeoutMs, attempts);
        if (!isConnectionError(err) || transientRetries >= p.maxRetries) throw upstreamErrors.unreachable(method, this.shown(url), attempts, err);
        transientRetries++;
        await sleep(backoffMs(transientRetries, p));
        continue;
      }
      if (reply.status === 500 && retries500 < p.maxRetriesOn500) {
        retries500++;
        await sleep(backoffMs(retries500, p));
        continue;
      }
      if (TRANSIENT_STATUSES.has(reply.status) && transientRetries < p.maxRetries) {
        transientRetries++;
        await sleep(backoffMs(transientRetries, p, retryAfterMs(reply.headers['retry-after'])));
        continue;
      }
      return reply;
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private async expectOk<T>(method: 'GET' | 'POST', url: string, body: unknown): Promise<T> {
    const reply = await this.send(method, url, body);
    if (reply.status < 200 || reply.status >= 300) throw new UpstreamHttpError(method, this.shown(url), reply.status, this.redact(reply.text), reply.attempts);
    return reply.json<T>();
  }

  private async once(method: 'GET' | 'POST', url: string, payload: string | undefined, attempts: number): Promise<UpstreamReply> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new AttemptTimeout()), this.policy.requestTimeoutMs);
    try {
      const res = await request(url, { method, headers: this.headers, body: payload, dispatcher: this.dispatcher, signal: controller.signal });
      const text = await res.body.text();
      return makeReply(res.statusCode, res.headers, text, attempts);
    } catch (err) {
      if (controller.signal.aborted) throw new AttemptTimeout();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private shown(url: string): string {
    return this.redact(displayUrl(url));
  }

  /** Belt and braces: the key never appears in anything this client reports. */
  private redact(text: string): string {
    return this.apiKey && this.apiKey.length >= 4 ? text.split(this.apiKey).join('****') : text;
  }
}

class AttemptTimeout extends Error {
  constructor() {
    super('attempt timed out');
    this.name = 'AttemptTimeout';
  }
}

function makeReply(status: number, headers: UpstreamReply['headers'], text: string, attempts: number): UpstreamReply {
  return {
    status,
    headers,
    text,
    attempts,
    json<T>() {
      return JSON.parse(text) as T;
    },
  };
}

function isConnectionError(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: string }).code;
    if (code && CONNECTION_ERROR_CODES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
