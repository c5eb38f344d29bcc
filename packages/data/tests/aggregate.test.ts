/**
 * aggregateRollouts against real HTTP agents: the streamed body is exactly the stripped rows in
 * (task, rollout) order, the file is what `JSON.stringify(entries, null, 2)` of the replies
 * gives, and a failing agent (HTTP error, unreachable, not JSON, retried) is handled as before.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerClient } from '@gym/client';
import { aggregateMetrics } from '@gym/metrics';
import { scratchDir } from '@gym/testing';
import { aggregateRollouts, stripForAggregation } from '../src/index.ts';
import { AgentRollouts } from '../src/rollouts/rollout-index.ts';

type Row = Record<string, unknown>;
type Agent = (body: string, res: ServerResponse, req: IncomingMessage) => void;

const scratch = scratchDir('gym-aggregate-');
const servers: Server[] = [];
let n = 0;

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function listen(agent: Agent): Promise<number> {
  const srv = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => agent(Buffer.concat(chunks).toString('utf8'), res, req));
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return (srv.address() as { port: number }).port;
}

/** An agent answering with the metrics of what it received (as Gym's agents do), recording each body. */
function metricsAgent(received: string[], reply: (metrics: ReturnType<typeof aggregateMetrics>) => string = (m) => JSON.stringify(m)): Agent {
  return (body, res) => {
    received.push(body);
    res.setHeader('content-type', 'application/json');
    res.end(reply(aggregateMetrics((JSON.parse(body) as { verify_responses: Row[] }).verify_responses)));
  };
}

function clientFor(ports: Record<string, number>): ServerClient {
  const tree: Record<string, unknown> = { server_client: { retry_base_delay_ms: 5, retry_max_delay_ms: 20 } };
  for (const [name, port] of Object.entries(ports)) tree[name] = { responses_api_agents: { impl: { host: '127.0.0.1', port } } };
  return new ServerClient(tree);
}

/** Rollouts of `agents`, `tasks` tasks × 3 rollouts each, in a shuffled (completion) order, with the bulky fields the body must not carry. */
function rollouts(agents: string[], tasks: number): Row[] {
  const rows: Row[] = [];
  for (const agent of agents) {
    for (let task = 0; task < tasks; task++) {
      for (let rollout = 0; rollout < 3; rollout++) {
        rows.push({
          responses_create_params: { input: [{ role: 'user', content: `question ${task} ${'x'.repeat(200)}` }] },
          response: { id: `r${task}`, output: [{ type: 'message', content: 'y'.repeat(100) }], usage: { input_tokens: task + 1, output_tokens: rollout + 2 } },
          ng_trajectory: { schema_version: '1.0', steps: [1, 2, 3] },
          reward: (task * 7 + rollout) % 3 === 0 ? 1 : 0,
          é_field: 'ü→',
          _ng_task_index: task,
          _ng_rollout_index: rollout,
          agent_ref: { type: 'responses_api_agents', name: agent },
        });
      }
    }
  }
  let seed = 42;
  for (let i = rows.length - 1; i > 0; i--) {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    const j = seed % (i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows;
}

/** The body as the in-memory implementation built it: stripped rows of the agent, sorted by (task, rollout). */
function expectedBody(rows: Row[], agent: string): string {
  const mine = rows.filter((r) => (r.agent_ref as Row).name === agent);
  mine.sort((a, b) => (a._ng_task_index as number) - (b._ng_task_index as number) || (a._ng_rollout_index as number) - (b._ng_rollout_index as number));
  return `{"verify_responses":[${mine.map((r) => JSON.stringify(stripForAggregation(r))).join(',')}]}`;
}

function entryFor(agent: string, body: string): Row {
  const m = aggregateMetrics((JSON.parse(body) as { verify_responses: Row[] }).verify_responses);
  return { agent_ref: { name: agent }, agent_metrics: m.agent_metrics, key_metrics: m.key_metrics, group_level_metrics: m.group_level_metrics };
}

function setup(rows: Row[], crlf = false) {
  const dir = path.join(scratch, `a${n++}`);
  const rolloutsFile = path.join(`${dir}_rollouts.jsonl`);
  writeFileSync(rolloutsFile, `${rows.map((r) => JSON.stringify(r)).join(crlf ? '\r\n' : '\n')}\n`);
  const aggregateFile = `${dir}_rollouts_aggregate_metrics.json`;
  const log: string[] = [];
  return { rolloutsFile, aggregateFile, log, logLine: (line: string) => log.push(line) };
}

describe('aggregateRollouts', () => {
  it('streams each agent its stripped rows in (task, rollout) order and writes the replies as JSON.stringify(entries, null, 2)', async () => {
    const rows = rollouts(['agent_a', 'agent_b'], 400);
    const received: Record<string, string[]> = { agent_a: [], agent_b: [] };
    const client = clientFor({ agent_a: await listen(metricsAgent(received.agent_a)), agent_b: await listen(metricsAgent(received.agent_b)) });
    const { rolloutsFile, aggregateFile, log, logLine } = setup(rows, true);

    const results = await aggregateRollouts({ rolloutsFile, aggregateFile, client, log: logLine });

    for (const agent of ['agent_a', 'agent_b']) {
      expect(received[agent]).toHaveLength(1);
      expect(received[agent][0].length).toBeGreaterThan(200_000); // many chunks of the streamed body
      expect(received[agent][0]).toBe(expectedBody(rows, agent));
    }
    // Agents in order of first appearance in the file, as before.
    const order = [...new Set(rows.map((r) => (r.agent_ref as Row).name as string))];
    expect(order).toHaveLength(2);
    const entries = order.map((agent) => entryFor(agent, received[agent][0]));
    expect(readFileSync(aggregateFile, 'utf8')).toBe(JSON.stringify(entries, null, 2));
    expect(results).toEqual(entries.map(({ group_level_metrics: _, ...rest }) => rest));
    expect(log).toEqual(entries.map((e) => `Key metrics for ${(e.agent_ref as Row).name}:\n${JSON.stringify(e.key_metrics, null, 2)}`));
    expect(readdirSync(path.dirname(aggregateFile)).filter((f) => f.includes('.tmp-') || f.includes('.reply-'))).toEqual([]);
  });

  it('writes the entry members in the file order, whatever order and spacing the agent answers with, without extra members', async () => {
    const rows = rollouts(['agent_a'], 20);
    const received: string[] = [];
    const reply = (m: ReturnType<typeof aggregateMetrics>) =>
      JSON.stringify({ extra: { big: [1, 2, 3] }, key_metrics: m.key_metrics, group_level_metrics: m.group_level_metrics, agent_metrics: m.agent_metrics }, null, '\t');
    const client = clientFor({ agent_a: await listen(metricsAgent(received, reply)) });
    const { rolloutsFile, aggregateFile, logLine } = setup(rows);
    await aggregateRollouts({ rolloutsFile, aggregateFile, client, log: logLine });
    expect(readFileSync(aggregateFile, 'utf8')).toBe(JSON.stringify([entryFor('agent_a', received[0])], null, 2));
  });

  it('warns about an agent that answers an error, is unreachable or answers something not JSON, and writes the others', async () => {
    const rows = rollouts(['ok_agent', 'failing_agent', 'gone_agent', 'garbled_agent'], 5);
    const received: string[] = [];
    const client = clientFor({
      ok_agent: await listen(metricsAgent(received)),
      failing_agent: await listen((_body, res) => {
        res.statusCode = 500;
        res.end(`"boom ${'z'.repeat(1000)}"`);
      }),
      garbled_agent: await listen((_body, res) => res.end('{"agent_metrics": {"a": 1}, "key_metrics": ')),
    });
    const { rolloutsFile, aggregateFile, log, logLine } = setup(rows);
    const results = await aggregateRollouts({ rolloutsFile, aggregateFile, client, log: logLine });

    expect(results.map((r) => r.agent_ref.name)).toEqual(['ok_agent']);
    expect(readFileSync(aggregateFile, 'utf8')).toBe(JSON.stringify([entryFor('ok_agent', received[0])], null, 2));
    const warnings = log.filter((l) => l.startsWith('Warning'));
    expect(warnings).toHaveLength(3);
    expect(warnings).toContain(`Warning: agent 'failing_agent' answered /aggregate_metrics with HTTP 500: ${`"boom ${'z'.repeat(1000)}"`.slice(0, 500)}`);
    expect(warnings.find((w) => w.includes("agent 'gone_agent'"))).toMatch(/^Warning: could not get aggregate metrics from agent 'gone_agent': No server instance named 'gone_agent'/);
    expect(warnings.find((w) => w.includes("agent 'garbled_agent'"))).toMatch(/^Warning: agent 'garbled_agent' answered \/aggregate_metrics with a body that is not a JSON object: /);
  });

  it('sends the same body again when the agent asks for a retry, and writes no file when no agent answered', async () => {
    const rows = rollouts(['busy_agent'], 300);
    const bodies: string[] = [];
    const busy = await listen((body, res) => {
      bodies.push(body);
      res.statusCode = 503;
      res.end('"busy"');
    });
    const retried = await listen((body, res) => {
      bodies.push(body);
      if (bodies.length < 2) {
        res.statusCode = 503;
        res.end('"busy"');
      } else res.end(JSON.stringify(aggregateMetrics((JSON.parse(body) as { verify_responses: Row[] }).verify_responses)));
    });

    const first = setup(rows);
    await aggregateRollouts({ ...first, client: clientFor({ busy_agent: retried }), log: first.logLine });
    expect(bodies).toEqual([expectedBody(rows, 'busy_agent'), expectedBody(rows, 'busy_agent')]);
    expect(JSON.parse(readFileSync(first.aggregateFile, 'utf8'))).toEqual([entryFor('busy_agent', bodies[1])]);

    const second = setup(rows);
    const tree = clientFor({ busy_agent: busy });
    (tree.tree.server_client as Row).max_retries = 1;
    const none = await aggregateRollouts({ ...second, client: new ServerClient(tree.tree), log: second.logLine });
    expect(none).toEqual([]);
    expect(second.log).toEqual(['Warning: agent \'busy_agent\' answered /aggregate_metrics with HTTP 503: "busy"']);
    expect(existsSync(second.aggregateFile)).toBe(false);
  });

  it('says which line of the rollouts file is damaged', async () => {
    const { rolloutsFile, aggregateFile, logLine } = setup(rollouts(['agent_a'], 2));
    writeFileSync(rolloutsFile, `${readFileSync(rolloutsFile, 'utf8')}{"torn":\n{}\n`);
    await expect(aggregateRollouts({ rolloutsFile, aggregateFile, client: clientFor({}), log: logLine })).rejects.toThrow(/line 7 is not a valid JSON row/);
  });
});

describe('AgentRollouts', () => {
  it('orders rows by (task, rollout), file order on ties, across growths, and gives its memory back', () => {
    const rollouts = new AgentRollouts();
    for (let i = 0; i < 3000; i++) rollouts.add(i * 10, 9, (i * 7919) % 50, i % 2);
    const key = (i: number) => [(i * 7919) % 50, i % 2];
    const want = [...Array(3000).keys()].sort((x, y) => key(x)[0] - key(y)[0] || key(x)[1] - key(y)[1] || x - y);
    expect([...rollouts.sortedOrder()].map((row) => rollouts.offsets[row] / 10)).toEqual(want);
    rollouts.release();
    expect([rollouts.offsets.length, rollouts.tasks.length]).toEqual([0, 0]);
  });
});
