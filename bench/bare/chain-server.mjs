/**
 * The limit the bench compares Gym against: the same request pattern through
 * bare Fastify + undici, with no Gym code. Plain JavaScript on purpose: it
 * runs on plain `node` (no TypeScript loader), as a bare Fastify service
 * would, so it is also the RSS baseline.
 *
 *   node chain-server.mjs model             POST /v1/responses → canned response
 *   node chain-server.mjs verify            POST /verify → the body echoed + reward
 *   node chain-server.mjs agent <model> <verify>
 *                                           POST /run → own /v1/responses (→ model), then /verify
 *                                           POST /v1/responses → model
 *
 * The agent makes the same hops as tool_simulation_agent's /run. Every server
 * prints `listening <port>` once it accepts connections. BENCH_CANNED_FILE
 * names a JSON file with the fields the model adds to the echoed parameters.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { Agent, request } from 'undici';

const [role, modelUrl, verifyUrl] = process.argv.slice(2);
const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });
// Client keep-alive below the server's (Fastify's default is 72 s): a socket is never reused after the server closed it.
const dispatcher = new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 30_000 });

async function postJson(url, body) {
  const res = await request(url, { method: 'POST', dispatcher, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const json = await res.body.json();
  if (res.statusCode !== 200) throw new Error(`${url} answered HTTP ${res.statusCode}`);
  return json;
}

if (role === 'model') {
  const canned = JSON.parse(readFileSync(process.env.BENCH_CANNED_FILE, 'utf8'));
  app.post('/v1/responses', async (req) => {
    const { input: _input, ...params } = req.body;
    return { ...params, ...canned };
  });
} else if (role === 'verify') {
  app.post('/verify', async (req) => ({ ...req.body, reward: 1 }));
} else if (role === 'agent') {
  let self = '';
  app.post('/v1/responses', async (req) => postJson(`${modelUrl}/v1/responses`, req.body));
  app.post('/run', async (req) => {
    const response = await postJson(`${self}/v1/responses`, req.body.responses_create_params);
    return postJson(`${verifyUrl}/verify`, { ...req.body, response });
  });
  app.addHook('onListen', async () => {
    self = `http://127.0.0.1:${app.server.address().port}`;
  });
} else {
  console.error(`unknown role ${role}: model | verify | agent <model url> <verify url>`);
  process.exit(2);
}

app.get('/', async () => ({ status: 'ok' }));
await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`listening ${app.server.address().port}`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
