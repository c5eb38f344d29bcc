/**
 * Replays recorded rollouts against a running resources server the way the
 * agents drove it, with the session cookie carried hop to hop:
 * - tool-calling servers (simple_agent): seed_session with the row, every
 *   recorded function_call in order, then verify with the recorded response;
 * - gymnasium environments (gymnasium_agent): reset with the row, then one
 *   step per model turn of the recorded transcript.
 */
import { ServerClient, type Cookies } from '@gym/client';
import { buildServer, type ServerDefinition } from '@gym/server';
import type { GymnasiumResetReply, GymnasiumStepReply } from '@gym/schemas';

type Row = Record<string, unknown>;
type Item = Record<string, unknown>;

export interface RunningServer {
  client: ServerClient;
  name: string;
  close(): Promise<void>;
}

/** Build the server as instance `name` and listen on 127.0.0.1 with a free port. */
export async function listen<C>(def: ServerDefinition<C>, name: string): Promise<RunningServer> {
  const { app } = await buildServer(def, { instanceName: name, docs: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server did not bind a TCP port');
  const client = new ServerClient({ [name]: { [def.kind]: { [name]: { host: '127.0.0.1', port: address.port } } } });
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

export interface RecordedTurn {
  action: Item[];
  /** The user observation the agent appended after this turn, if any. */
  observation: string | undefined;
}

const isUserMessage = (it: Item) => (it.type === undefined || it.type === 'message') && it.role === 'user';

/** Model turns of a recorded gymnasium transcript (the runs of items between user observation messages), each with the observation that followed it. */
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

export type StepReply = Required<GymnasiumStepReply>;

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
  return { reset: reset.json<Required<GymnasiumResetReply>>(), steps };
}
