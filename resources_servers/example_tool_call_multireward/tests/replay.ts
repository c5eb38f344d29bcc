/**
 * Replays a recorded rollout against a running server the way simple_agent
 * drove it: seed_session with the row, every recorded function_call in order
 * (session cookie carried hop to hop), then verify with the row plus the
 * recorded response.
 */
import { ServerClient, type Cookies } from '@gym/client';
import { buildServer, type ServerDefinition } from '@gym/server';

type Row = Record<string, unknown>;
type Item = Record<string, unknown>;

export interface RunningServer {
  client: ServerClient;
  name: string;
  close(): Promise<void>;
}

/** Build the server and listen on 127.0.0.1 with a free port. */
export async function listen<C>(def: ServerDefinition<C>, name: string): Promise<RunningServer> {
  const { app } = await buildServer(def, { instanceName: name, docs: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server did not bind a TCP port');
  const client = new ServerClient({ [name]: { resources_servers: { [name]: { host: '127.0.0.1', port: address.port } } } });
  return { client, name, close: () => app.close() };
}

export interface ToolReplay {
  name: string;
  recordedOutput: string | undefined;
  replayedOutput: string;
}

export async function replayRollout(server: RunningServer, row: Row, rollout: Row): Promise<{ verify: Row; tools: ToolReplay[] }> {
  const { client, name } = server;
  const seed = await client.post(name, '/seed_session', row);
  if (!seed.ok) throw new Error(`seed_session answered ${seed.status}: ${seed.text}`);
  let cookies: Cookies = seed.cookies;
  const response = rollout.response as { output: Item[] };
  const tools: ToolReplay[] = [];
  for (const call of response.output.filter((it) => it.type === 'function_call')) {
    const res = await client.post(name, `/${String(call.name)}`, JSON.parse(String(call.arguments)), { cookies });
    cookies = res.cookies;
    const recorded = response.output.find((it) => it.type === 'function_call_output' && it.call_id === call.call_id);
    tools.push({ name: String(call.name), recordedOutput: recorded?.output as string | undefined, replayedOutput: res.text });
  }
  const verify = await client.post(name, '/verify', { ...row, response: rollout.response }, { cookies });
  if (!verify.ok) throw new Error(`verify answered ${verify.status}: ${verify.text}`);
  return { verify: verify.json<Row>(), tools };
}
