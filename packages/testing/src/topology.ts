/**
 * Real Gym servers on 127.0.0.1 (port 0) wired by a small config tree, and
 * a scripted model server, for agent tests. Every request any server of the
 * topology receives is recorded in `hops`, in arrival order.
 */
import type { AddressInfo } from 'node:net';
import { ServerClient } from '@gym/client';
import { buildServer, defineModelServer, type GymApp, type ServerDefinition } from '@gym/server';
import type { ResponseItem, ResponseObject, ResponsesCreateParams, ResponseUsage } from '@gym/schemas';

export interface Hop {
  server: string;
  path: string;
  body: unknown;
  cookies: Record<string, string>;
}

export class Topology {
  readonly tree: Record<string, unknown> = { server_client: { retry_base_delay_ms: 5, retry_max_delay_ms: 20 } };
  readonly client = new ServerClient(this.tree);
  readonly hops: Hop[] = [];
  private readonly apps: GymApp[] = [];

  /** Build `def` as instance `name`, listen on a free port and add it to the tree. */
  async start<C>(name: string, def: ServerDefinition<C>, config: Record<string, unknown> = {}): Promise<string> {
    const recorded: ServerDefinition<C> = {
      ...def,
      register: async (app, ctx) => {
        app.addHook('preValidation', async (request) => {
          this.hops.push({ server: name, path: request.url, body: request.body, cookies: { ...(request.cookies as Record<string, string>) } });
        });
        await def.register(app, ctx);
      },
    };
    const { app } = await buildServer(recorded, { instanceName: name, config, globalConfig: this.tree, client: this.client, docs: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    this.apps.push(app);
    const { port } = app.server.address() as AddressInfo;
    this.tree[name] = { [def.kind]: { [`${name}_impl`]: { ...config, host: '127.0.0.1', port } } };
    return `http://127.0.0.1:${port}`;
  }

  hopsTo(server: string): Hop[] {
    return this.hops.filter((h) => h.server === server);
  }

  async close(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.close()));
  }
}

/** What one scripted model turn returns; everything else of the Response is filled in. */
export interface TurnSpec {
  output: ResponseItem[];
  usage?: ResponseUsage | null;
  incomplete_details?: { reason: string } | null;
  /** Replace the whole reply body (to send an invalid Response). */
  raw?: unknown;
}

export type Script = (body: ResponsesCreateParams, turn: number) => TurnSpec;

/** A model server that answers turn n (from 1) with `script(body, n)`. */
export function scriptedModel(script: Script) {
  let turn = 0;
  return defineModelServer({
    className: 'ScriptedModel',
    responses(body, ctx) {
      turn++;
      // A cookie that changes every turn: the agent must send the newest one back.
      ctx.reply.setCookie('model_turn', String(turn), { path: '/' });
      const spec = script(body, turn);
      if (spec.raw !== undefined) return spec.raw as ResponseObject;
      return {
        id: `resp_${turn}`,
        object: 'response' as const,
        created_at: 1_700_000_000 + turn,
        model: 'scripted',
        status: spec.incomplete_details ? 'incomplete' : 'completed',
        error: null,
        incomplete_details: spec.incomplete_details ?? null,
        parallel_tool_calls: true,
        tool_choice: 'auto',
        tools: [],
        output: spec.output,
        usage: spec.usage === undefined ? null : spec.usage,
      };
    },
  });
}

/** POST JSON to a server directly (as a trainer or the rollout collector would) and return status, body and Set-Cookie. */
export async function postJson(client: ServerClient, server: string, path: string, body: unknown, cookies?: Record<string, string>) {
  const res = await client.post(server, path, body, { cookies, maxRetries: 0 });
  return { status: res.status, body: res.text ? res.json<any>() : undefined, text: res.text, cookies: res.cookies };
}
