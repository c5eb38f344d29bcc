/**
 * ServerClient: calls Gym servers by instance name over a pooled keep-alive
 * undici Agent, with bounded retries and per-request deadlines.
 */
import { Readable } from 'node:stream';
import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { parse as parseYaml } from 'yaml';
import { clientErrors, ServerClientError } from './errors.ts';
import { cookieHeader, parseSetCookie, type Cookies } from './cookies.ts';

export const HEAD_URL_ENV = 'NEMO_GYM_HEAD_SERVER_URL';
export const AUTH_TOKEN_ENV = 'GYM_AUTH_TOKEN';
const SERVER_TYPES = ['responses_api_models', 'resources_servers', 'responses_api_agents'];
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const RETRY_ERROR_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT',
]);

/** Deadlines and retry policy; every field can be set under `server_client:` in the config. */
export interface ClientPolicy {
  timeout_ms: number;
  run_timeout_ms: number;
  verify_timeout_ms: number;
  model_timeout_ms: number;
  max_retries: number;
  retry_base_delay_ms: number;
  retry_max_delay_ms: number;
}

export const DEFAULT_CLIENT_POLICY: ClientPolicy = {
  timeout_ms: 600_000,
  run_timeout_ms: 3_600_000,
  verify_timeout_ms: 600_000,
  model_timeout_ms: 1_200_000,
  max_retries: 5,
  retry_base_delay_ms: 200,
  retry_max_delay_ms: 5_000,
};

export interface RequestOptions {
  cookies?: Cookies;
  headers?: Record<string, string>;
  /** Overrides the route's default deadline for this call. */
  timeoutMs?: number;
  /** Overrides the number of retries for this call. */
  maxRetries?: number;
  signal?: AbortSignal;
}

export interface ServerResponse {
  status: number;
  ok: boolean;
  headers: Record<string, string | string[] | undefined>;
  /** Cookies set by the reply (to forward to the next hop). */
  cookies: Cookies;
  text: string;
  json<T = unknown>(): T;
}

/**
 * A request body made on demand, for bodies too large to hold as one string: called once per
 * attempt (a retry sends it again from the start) and sent with chunked transfer encoding.
 */
export type BodySource = () => AsyncIterable<Uint8Array>;

/** A reply whose body the caller reads as a stream (e.g. into a file), for replies too large to hold. */
export interface StreamedServerResponse {
  status: number;
  ok: boolean;
  headers: Record<string, string | string[] | undefined>;
  /** Read it to the end, or `dump()` it, so the connection can be reused. */
  body: Dispatcher.ResponseData['body'];
}

let sharedAgent: Agent | undefined;

/**
 * A connection pool for Gym servers, with at most `connections` sockets per server (default: as
 * many as there are calls in flight). Client keep-alive stays below the servers' so idle sockets
 * are never reused after the server closed them.
 */
export function createAgent(opts: { connections?: number | null } = {}): Agent {
  return new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 30_000, connections: opts.connections ?? null, pipelining: 1 });
}

/** One pool per process. */
export function getSharedAgent(): Agent {
  sharedAgent ??= createAgent();
  return sharedAgent;
}

export class ServerClient {
  readonly tree: Record<string, unknown>;
  readonly policy: ClientPolicy;
  private readonly dispatcher: Dispatcher;
  private readonly authToken: string | undefined;
  private readonly urls = new Map<string, string>();

  constructor(tree: Record<string, unknown>, opts: { dispatcher?: Dispatcher; authToken?: string } = {}) {
    this.tree = tree;
    this.policy = { ...DEFAULT_CLIENT_POLICY, ...((tree.server_client as Partial<ClientPolicy> | undefined) ?? {}) };
    this.dispatcher = opts.dispatcher ?? getSharedAgent();
    const treeToken = typeof tree.auth_token === 'string' && tree.auth_token !== '****' ? tree.auth_token : undefined;
    this.authToken = opts.authToken ?? treeToken ?? (process.env[AUTH_TOKEN_ENV] || undefined);
  }

  /**
   * Build a client from the running head server (for trainers and CLI tools).
   * Inside a server process, prefer `new ServerClient(childTree)`.
   */
  static async fromGlobalConfig(opts: { headUrl?: string; authToken?: string; timeoutMs?: number } = {}): Promise<ServerClient> {
    const headUrl = (opts.headUrl ?? process.env[HEAD_URL_ENV] ?? 'http://127.0.0.1:11000').replace(/\/$/, '');
    const authToken = opts.authToken ?? (process.env[AUTH_TOKEN_ENV] || undefined);
    let text: string;
    let status: number;
    try {
      const res = await request(`${headUrl}/global_config_dict_yaml`, {
        dispatcher: getSharedAgent(),
        headers: authToken ? { authorization: `Bearer ${authToken}` } : {},
        headersTimeout: opts.timeoutMs ?? 10_000,
        bodyTimeout: opts.timeoutMs ?? 10_000,
      });
      text = await res.body.text();
      status = res.statusCode;
    } catch (err) {
      throw clientErrors.headUnreachable(headUrl, err);
    }
    // The head answered: say what it said rather than suggest it is not running.
    if (status === 401) throw clientErrors.headUnauthorized(headUrl, !!authToken);
    if (status !== 200) throw clientErrors.headUnreachable(headUrl, new Error(`HTTP ${status}: ${text}`));
    const yamlText = JSON.parse(text) as string;
    return new ServerClient(parseYaml(yamlText) as Record<string, unknown>, { authToken });
  }

  /**
   * The same servers, policy and token through another connection pool: whoever owns the pool
   * can drop every request made through it at once by destroying it.
   */
  withDispatcher(dispatcher: Dispatcher): ServerClient {
    return new ServerClient(this.tree, { dispatcher, authToken: this.authToken });
  }

  /** Base URL (`http://host:port`) of a server instance. */
  urlFor(serverName: string): string {
    const cached = this.urls.get(serverName);
    if (cached) return cached;
    const inner = findInnerConfig(this.tree, serverName);
    if (!inner) {
      const known = listInstanceNames(this.tree);
      throw clientErrors.unknownServer(serverName, known, closestName(serverName, known));
    }
    const host = String(inner.host ?? this.tree.default_host ?? '127.0.0.1');
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${inner.port}`;
    this.urls.set(serverName, url);
    return url;
  }

  /** POST a JSON value, a JSON string, or a `BodySource`; the reply is read whole. */
  post(serverName: string, path: string, body: unknown, opts: RequestOptions = {}): Promise<ServerResponse> {
    return this.send('POST', serverName, path, body, opts, readWhole);
  }

  /** Like `post`, but the reply's body is handed over as a stream (retried statuses are drained first). */
  postStreamed(serverName: string, path: string, body: unknown, opts: RequestOptions = {}): Promise<StreamedServerResponse> {
    return this.send('POST', serverName, path, body, opts, readStreamed);
  }

  get(serverName: string, path: string, opts: RequestOptions = {}): Promise<ServerResponse> {
    return this.send('GET', serverName, path, undefined, opts, readWhole);
  }

  /** POST and return the parsed JSON body, throwing on a non-2xx status. */
  async postJson<T = unknown>(serverName: string, path: string, body: unknown, opts: RequestOptions = {}): Promise<{ body: T; cookies: Cookies }> {
    const res = await this.post(serverName, path, body, opts);
    if (!res.ok) throw clientErrors.badStatus(`${serverName} ${path}`, res.status, res.text);
    return { body: res.json<T>(), cookies: res.cookies };
  }

  /** Default deadline of a route: `/run`, `/verify` and model calls have their own. */
  timeoutFor(path: string): number {
    if (path.endsWith('/run')) return this.policy.run_timeout_ms;
    if (path.endsWith('/verify')) return this.policy.verify_timeout_ms;
    if (path.startsWith('/v1/')) return this.policy.model_timeout_ms;
    return this.policy.timeout_ms;
  }

  private async send<R extends { status: number }>(
    method: 'GET' | 'POST',
    serverName: string,
    path: string,
    body: unknown,
    opts: RequestOptions,
    reader: ReplyReader<R>,
  ): Promise<R> {
    const origin = this.urlFor(serverName);
    const target = `server '${serverName}' ${method} ${path}`;
    const timeoutMs = opts.timeoutMs ?? this.timeoutFor(path);
    const maxRetries = opts.maxRetries ?? this.policy.max_retries;
    const headers: Record<string, string> = { ...opts.headers };
    const payload = body === undefined ? undefined : typeof body === 'string' || typeof body === 'function' ? (body as string | BodySource) : JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const cookie = cookieHeader(opts.cookies);
    if (cookie) headers.cookie = cookie;
    if (this.authToken) headers.authorization = `Bearer ${this.authToken}`;
    return sendRetrying(
      {
        dispatcher: this.dispatcher,
        origin,
        path: path.startsWith('/') ? path : `/${path}`,
        method,
        headers,
        payload,
        timeoutMs,
        maxRetries,
        policy: this.policy,
        target,
        signal: opts.signal,
      },
      reader,
    );
  }
}

interface SendArgs {
  dispatcher: Dispatcher;
  /** `http://host:port` of the server. */
  origin: string;
  path: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  payload: string | BodySource | undefined;
  timeoutMs: number;
  maxRetries: number;
  policy: ClientPolicy;
  target: string;
  signal?: AbortSignal;
}

/** How a reply is taken: read whole, or handed over as a stream. `discard` frees a reply about to be retried. */
interface ReplyReader<R> {
  read(res: Dispatcher.ResponseData): Promise<R>;
  discard(reply: R): Promise<void>;
}

const readWhole: ReplyReader<ServerResponse> = {
  read: async (res) => makeResponse(res.statusCode, res.headers, await res.body.text()),
  discard: async () => {},
};

const readStreamed: ReplyReader<StreamedServerResponse> = {
  read: async (res) => ({ status: res.statusCode, ok: res.statusCode >= 200 && res.statusCode < 300, headers: res.headers, body: res.body }),
  discard: (reply) => reply.body.dump(),
};

/** One HTTP call with bounded retries on connection errors and 429/502/503/504. A timeout is never retried. */
export function sendWithRetry(a: SendArgs): Promise<ServerResponse> {
  return sendRetrying(a, readWhole);
}

async function sendRetrying<R extends { status: number }>(a: SendArgs, reader: ReplyReader<R>): Promise<R> {
  const deadline = Date.now() + a.timeoutMs;
  let attempt = 0;
  for (;;) {
    attempt++;
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw clientErrors.timeout(a.target, a.timeoutMs);
    let res: R | undefined;
    try {
      res = await sendOnce(a, remaining, reader);
    } catch (err) {
      if (isTimeout(err)) throw clientErrors.timeout(a.target, a.timeoutMs);
      if (a.signal?.aborted) throw err;
      if (!isRetryableError(err) || attempt > a.maxRetries) throw clientErrors.requestFailed(a.target, attempt, err);
    }
    if (res && (!RETRY_STATUSES.has(res.status) || attempt > a.maxRetries)) return res;
    if (res) await reader.discard(res);
    await sleep(Math.min(backoff(attempt, a.policy), Math.max(0, deadline - Date.now())));
  }
}

async function sendOnce<R>(a: SendArgs, timeoutMs: number, reader: ReplyReader<R>): Promise<R> {
  // Origin and path go to the pool as they are: the URL is never re-parsed per call.
  const res = await a.dispatcher.request({
    origin: a.origin,
    path: a.path,
    method: a.method,
    headers: a.headers,
    body: typeof a.payload === 'function' ? Readable.from(a.payload()) : a.payload,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    signal: a.signal,
  });
  return reader.read(res);
}

export function makeResponse(status: number, headers: Record<string, string | string[] | undefined>, text: string): ServerResponse {
  return new BufferedResponse(status, headers, text);
}

/**
 * A reply read whole. A class, not an object literal with a `get cookies()`: V8 allocates such a
 * literal in the old generation, so the text and parsed JSON it references survive every young
 * collection until the next full one; a client making many calls then grows its old space with
 * the bodies of replies long handled.
 */
class BufferedResponse implements ServerResponse {
  readonly ok: boolean;
  private parsed: unknown;
  private parsedDone = false;
  private cookieJar: Cookies | undefined;

  constructor(
    readonly status: number,
    readonly headers: Record<string, string | string[] | undefined>,
    readonly text: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  // Parsed on first read: most hops never look at the cookies of a reply.
  get cookies(): Cookies {
    return (this.cookieJar ??= parseSetCookie(this.headers['set-cookie']));
  }

  json<T>(): T {
    if (!this.parsedDone) {
      this.parsed = this.text.length ? JSON.parse(this.text) : undefined;
      this.parsedDone = true;
    }
    return this.parsed as T;
  }
}

function isTimeout(err: unknown): boolean {
  return err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError;
}

function isRetryableError(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: string }).code;
    if (code && RETRY_ERROR_CODES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

function backoff(attempt: number, p: ClientPolicy): number {
  const exp = Math.min(p.retry_max_delay_ms, p.retry_base_delay_ms * 2 ** (attempt - 1));
  return exp / 2 + Math.random() * (exp / 2);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function findInnerConfig(tree: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const block = tree[name];
  if (!block || typeof block !== 'object') return undefined;
  for (const type of SERVER_TYPES) {
    const impls = (block as Record<string, unknown>)[type];
    if (impls && typeof impls === 'object') {
      const inner = Object.values(impls as Record<string, unknown>)[0];
      if (inner && typeof inner === 'object' && (inner as Record<string, unknown>).port !== undefined) return inner as Record<string, unknown>;
    }
  }
  return undefined;
}

export function listInstanceNames(tree: Record<string, unknown>): string[] {
  return Object.keys(tree).filter((k) => findInnerConfig(tree, k));
}

function closestName(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestScore = 0.6;
  for (const k of known) {
    const score = similarity(name, k);
    if (score >= bestScore) [best, bestScore] = [k, score];
  }
  return best;
}

/** Share of characters in common bigrams: cheap and good enough for suggestions. */
function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const grams = (s: string) => new Set(Array.from({ length: Math.max(0, s.length - 1) }, (_, i) => s.slice(i, i + 2)));
  const ga = grams(a);
  const gb = grams(b);
  let common = 0;
  for (const g of ga) if (gb.has(g)) common++;
  return ga.size + gb.size ? (2 * common) / (ga.size + gb.size) : 0;
}

export { ServerClientError };
