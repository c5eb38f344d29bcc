/**
 * Replays a recorded gymnasium_agent episode against a running environment:
 * /reset with the row, then one /step per model turn of the recorded
 * transcript (the turns are the runs of items between the user observation
 * messages), carrying the session cookie hop to hop.
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

export async function listen<C>(def: ServerDefinition<C>, name: string): Promise<RunningServer> {
  const { app } = await buildServer(def, { instanceName: name, docs: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server did not bind a TCP port');
  const client = new ServerClient({ [name]: { resources_servers: { [name]: { host: '127.0.0.1', port: address.port } } } });
  return { client, name, close: () => app.close() };
}

export interface RecordedTurn {
  action: Item[];
  /** The user observation the agent appended after this turn, if any. */
  observation: string | undefined;
}

const isUserMessage = (it: Item) => (it.type === undefined || it.type === 'message') && it.role === 'user';

/** Model turns of a recorded transcript, each with the observation that followed it. */
export function recordedTurns(output: Item[]): RecordedTurn[] {
  const turns: RecordedTurn[] = [];
  let action: Item[] = [];
  for (const it of output) {
    if (isUserMessage(it)) {
      turns.push({ action, observation: String(it.content) });
      action = [];
    } else action.push(it);
  }
  if (action.length) turns.push({ action, observation: undefined });
  return turns;
}

export interface StepReply {
  observation: string | null;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: Row;
}

export async function replayEpisode(server: RunningServer, row: Row, rollout: Row) {
  const { client, name } = server;
  const reset = await client.post(name, '/reset', row);
  if (!reset.ok) throw new Error(`reset answered ${reset.status}: ${reset.text}`);
  let cookies: Cookies = reset.cookies;
  const response = rollout.response as Row & { output: Item[] };
  const steps: Array<RecordedTurn & { reply: StepReply }> = [];
  for (const turn of recordedTurns(response.output)) {
    const res = await client.post(name, '/step', { ...row, response: { ...response, output: turn.action } }, { cookies });
    if (!res.ok) throw new Error(`step answered ${res.status}: ${res.text}`);
    cookies = res.cookies;
    steps.push({ ...turn, reply: res.json<StepReply>() });
  }
  return { reset: reset.json<{ observation: string | null; info: Row }>(), steps };
}
