/**
 * ServerClient against real sockets: retries on 503 and refused connections,
 * deadlines that are never retried, clear errors for unknown servers, cookies,
 * streamed request bodies and replies.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgent, ServerClient, ServerClientError } from '../src/index.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
const servers: Server[] = [];

async function listen(handler: Handler): Promise<number> {
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => handler(req, res, body));
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return (srv.address() as { port: number }).port;
}

/** A port nobody listens on (bound, then released); kept local so the client does not depend on @gym/testing. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createTcpServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const treeFor = (port: number, extra: Record<string, unknown> = {}) => ({
  my_server: { resources_servers: { impl: { host: '127.0.0.1', port, entrypoint: 'app.ts' } } },
  server_client: { retry_base_delay_ms: 5, retry_max_delay_ms: 20, ...extra },
});

describe('ServerClient', () => {
  it('posts JSON with cookies and returns the reply cookies', async () => {
    const port = await listen((req, res, body) => {
      res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; HttpOnly']);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ got: JSON.parse(body), cookie: req.headers.cookie, auth: req.headers.authorization ?? null }));
    });
    const client = new ServerClient({ ...treeFor(port), auth_token: 'tok' });
    const res = await client.post('my_server', '/echo', { x: 1 }, { cookies: { s: 'v', t: 'w' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ got: { x: 1 }, cookie: 's=v; t=w', auth: 'Bearer tok' });
    expect(res.cookies).toEqual({ a: '1', b: '2' });
  });

  it('retries 503 with backoff and then succeeds', async () => {
    let calls = 0;
    const port = await listen((_req, res) => {
      calls++;
      res.statusCode = calls < 3 ? 503 : 200;
      res.end('{}');
    });
    const res = await new ServerClient(treeFor(port)).post('my_server', '/x', {});
    expect(res.status).toBe(200);
    expect(calls).toBe(3);
  });

  it('gives up after max_retries and returns the last non-2xx reply', async () => {
    let calls = 0;
    const port = await listen((_req, res) => {
      calls++;
      res.statusCode = 503;
      res.end('"busy"');
    });
    const res = await new ServerClient(treeFor(port, { max_retries: 2 })).post('my_server', '/x', {});
    expect(res.status).toBe(503);
    expect(calls).toBe(3);
  });

  it('does not retry a 500 or a 4xx', async () => {
    let calls = 0;
    const port = await listen((_req, res) => {
      calls++;
      res.statusCode = 500;
      res.end('"boom"');
    });
    const res = await new ServerClient(treeFor(port)).post('my_server', '/x', {});
    expect(res.status).toBe(500);
    expect(calls).toBe(1);
    await expect(new ServerClient(treeFor(port)).postJson('my_server', '/x', {})).rejects.toThrow(/my_server \/x returned HTTP 500/);
  });

  it('streams a BodySource, made afresh for each attempt, and hands a streamed reply over after draining retried ones', async () => {
    const bodies: Array<{ body: string; encoding: string | undefined }> = [];
    const port = await listen((req, res, body) => {
      bodies.push({ body, encoding: req.headers['transfer-encoding'] });
      res.statusCode = bodies.length < 2 ? 503 : 200;
      res.end(bodies.length < 2 ? '"busy"' : JSON.stringify({ n: JSON.parse(body).rows.length }));
    });
    let made = 0;
    const source = async function* () {
      made++;
      yield Buffer.from('{"rows":[');
      for (let i = 0; i < 1000; i++) yield Buffer.from(`${i ? ',' : ''}{"i":${i}}`);
      yield Buffer.from(']}');
    };
    const res = await new ServerClient(treeFor(port)).postStreamed('my_server', '/aggregate', source);
    expect(res.status).toBe(200);
    expect(JSON.parse(await res.body.text())).toEqual({ n: 1000 });
    expect(made).toBe(2);
    expect(bodies.map((b) => b.encoding)).toEqual(['chunked', 'chunked']);
    expect(bodies[0].body).toBe(bodies[1].body);
  });

  it('withDispatcher: the same server and token through another pool, whose destruction fails its calls at once', async () => {
    const port = await listen((req, res) => {
      if (req.url === '/slow') return; // never answers
      res.end(JSON.stringify({ auth: req.headers.authorization ?? null }));
    });
    const pool = createAgent();
    const client = new ServerClient(treeFor(port), { authToken: 'tok' }).withDispatcher(pool);
    expect((await client.post('my_server', '/fast', {})).json()).toEqual({ auth: 'Bearer tok' });
    const started = Date.now();
    const pending = client.post('my_server', '/slow', {}).catch((e) => e);
    await new Promise((r) => setTimeout(r, 50));
    await pool.destroy();
    expect(await pending).toBeInstanceOf(ServerClientError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('createAgent caps the sockets per server', async () => {
    const sockets = new Set<unknown>();
    const port = await listen((req, res) => {
      sockets.add(req.socket);
      setTimeout(() => res.end('{}'), 20);
    });
    const client = new ServerClient(treeFor(port)).withDispatcher(createAgent({ connections: 2 }));
    const replies = await Promise.all(Array.from({ length: 6 }, () => client.post('my_server', '/x', {})));
    expect(replies.map((r) => r.status)).toEqual(new Array(6).fill(200));
    expect(sockets.size).toBe(2);
  });

  it('retries a refused connection and names the server and route when it gives up', async () => {
    const port = await freePort();
    const err = await new ServerClient(treeFor(port, { max_retries: 2 })).post('my_server', '/verify', {}).catch((e) => e);
    expect(err).toBeInstanceOf(ServerClientError);
    expect(err.code).toBe('GYM_CLIENT_REQUEST_FAILED');
    expect(err.message).toMatch(/server 'my_server' POST \/verify failed after 3 attempt\(s\): ECONNREFUSED/);
  });

  it('reaches a server that starts listening while the client retries', async () => {
    const port = await freePort();
    const later = new Promise<void>((resolve) =>
      setTimeout(async () => {
        const srv = createServer((_req, res) => res.end('{"late":true}'));
        servers.push(srv);
        srv.listen(port, '127.0.0.1', () => resolve());
      }, 50),
    );
    const res = await new ServerClient(treeFor(port, { retry_base_delay_ms: 40, max_retries: 6 })).post('my_server', '/x', {});
    await later;
    expect(res.json()).toEqual({ late: true });
  });

  it('fails a wedged server at its deadline, without retrying', async () => {
    let calls = 0;
    const port = await listen(() => {
      calls++; // never answers
    });
    const started = Date.now();
    const err = await new ServerClient(treeFor(port)).post('my_server', '/run', {}, { timeoutMs: 300 }).catch((e) => e);
    expect(err.code).toBe('GYM_CLIENT_TIMEOUT');
    expect(err.message).toContain("server 'my_server' POST /run timed out after 300 ms");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(calls).toBe(1);
  });

  it('uses separate default deadlines for /run, /verify and model calls', () => {
    const client = new ServerClient(treeFor(1, { run_timeout_ms: 11, verify_timeout_ms: 22, model_timeout_ms: 33, timeout_ms: 44 }));
    expect(client.timeoutFor('/run')).toBe(11);
    expect(client.timeoutFor('/verify')).toBe(22);
    expect(client.timeoutFor('/v1/responses')).toBe(33);
    expect(client.timeoutFor('/get_weather')).toBe(44);
  });

  it('names unknown servers with a suggestion', () => {
    const client = new ServerClient(treeFor(1));
    expect(() => client.urlFor('my_servr')).toThrow(/No server instance named 'my_servr'.*Did you mean 'my_server'\?/);
  });
});
