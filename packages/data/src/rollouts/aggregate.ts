/**
 * The end of a collection: group the persisted rollouts by agent, sort them by (task, rollout),
 * ask each agent's `/aggregate_metrics` for its metrics and write `*_aggregate_metrics.json`.
 * Rows are re-read from the rollouts file and stripped of the bulky fields the metrics never use.
 *
 * Nothing here grows with the number of rollouts but a 28-byte index entry per row: the request
 * body is streamed from the rollouts file, and each reply (whose `group_level_metrics` has an
 * entry per task) is streamed to a scratch file, checked, and copied into the aggregate file
 * printed as `JSON.stringify(entries, null, 2)` would print it.
 */
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { ServerClient, StreamedServerResponse } from '@gym/client';
import type { Row } from '../jsonl.ts';
import { JsonPrettyPrinter, JsonShape, JsonStreamError, JsonTokenizer } from './json-stream.ts';
import { aggregationBody, indexRollouts, type AgentRollouts } from './rollout-index.ts';

/** Fields that only make the request large: the metrics read rewards, verify fields and usage. */
const STRIPPED_FIELDS = ['responses_create_params', 'ng_agent_observations', 'ng_model_call_capture', 'ng_trajectory'];
/** The members of an agent's reply that go into its entry of the aggregate file, in this order. */
const ENTRY_MEMBERS = ['agent_metrics', 'key_metrics', 'group_level_metrics'] as const;
const IO_CHUNK = 64 * 1024;

/** One entry of `*_aggregate_metrics.json`. */
export interface AgentAggregate {
  agent_ref: { name: string };
  agent_metrics: Record<string, unknown>;
  key_metrics: Record<string, unknown>;
  group_level_metrics: unknown[];
}

/** What the run keeps of an entry: the per-task `group_level_metrics` stay in the file only. */
export type AgentMetricsSummary = Omit<AgentAggregate, 'group_level_metrics'>;

type MemberRanges = Map<string, { start: number; end: number }>;

/** A rollout as sent to `/aggregate_metrics`: without params, trajectories and the response body (its usage stays). */
export function stripForAggregation(row: Row): Row {
  const out: Row = { ...row };
  for (const k of STRIPPED_FIELDS) delete out[k];
  const usage = (row.response as Row | undefined)?.usage;
  if (usage) out.response = { usage };
  else delete out.response;
  return out;
}

/**
 * Aggregate every agent's rollouts; an agent that fails (unreachable, non-2xx, a reply that is
 * not a JSON object) gets a warning and no entry. No file is written when no agent answered.
 */
export async function aggregateRollouts(opts: {
  rolloutsFile: string;
  aggregateFile: string;
  client: ServerClient;
  log: (line: string) => void;
}): Promise<AgentMetricsSummary[]> {
  const byAgent = await indexRollouts(opts.rolloutsFile);
  const results: AgentMetricsSummary[] = [];
  if (byAgent.size === 0) return results;
  const partial = `${opts.aggregateFile}.tmp-${process.pid}`;
  const reply = `${opts.aggregateFile}.reply-${process.pid}`;
  const file = new AggregateFileWriter(partial);
  try {
    for (const [agent, rollouts] of byAgent) {
      const members = await fetchAgentMetrics(opts, agent, rollouts, reply);
      if (!members) continue;
      file.addEntry(agent, reply, members);
      const summary: AgentMetricsSummary = {
        agent_ref: { name: agent },
        agent_metrics: readMember(reply, members, 'agent_metrics') as Record<string, unknown>,
        key_metrics: readMember(reply, members, 'key_metrics') as Record<string, unknown>,
      };
      results.push(summary);
      opts.log(`Key metrics for ${agent}:\n${JSON.stringify(summary.key_metrics, null, 2)}`);
    }
    file.close();
    if (results.length > 0) renameSync(partial, opts.aggregateFile);
  } finally {
    for (const rollouts of byAgent.values()) rollouts.release();
    file.close();
    rmSync(partial, { force: true });
    rmSync(reply, { force: true });
  }
  return results;
}

/** POST the agent's rows and stream its reply to `replyFile`; undefined (after a warning) when the agent failed. */
async function fetchAgentMetrics(
  opts: { rolloutsFile: string; client: ServerClient; log: (line: string) => void },
  agent: string,
  rollouts: AgentRollouts,
  replyFile: string,
): Promise<MemberRanges | undefined> {
  let res: StreamedServerResponse;
  try {
    res = await opts.client.postStreamed(agent, '/aggregate_metrics', aggregationBody(opts.rolloutsFile, rollouts, stripForAggregation));
  } catch (err) {
    opts.log(`Warning: could not get aggregate metrics from agent '${agent}': ${(err as Error).message}`);
    return undefined;
  }
  if (!res.ok) {
    opts.log(`Warning: agent '${agent}' answered /aggregate_metrics with HTTP ${res.status}: ${await replyStart(res.body, 500)}`);
    return undefined;
  }
  try {
    return await spoolReply(res.body, replyFile);
  } catch (err) {
    if (err instanceof LocalWriteError) throw err.cause;
    if (err instanceof JsonStreamError) opts.log(`Warning: agent '${agent}' answered /aggregate_metrics with a body that is not a JSON object: ${err.message}`);
    else opts.log(`Warning: could not get aggregate metrics from agent '${agent}': ${(err as Error).message}`);
    return undefined;
  }
}

/** A failure to write our own scratch file (e.g. a full disk): an error of the run, not of the agent. */
class LocalWriteError extends Error {
  constructor(readonly cause: unknown) {
    super((cause as Error).message);
  }
}

/** Copy the reply to `file` while checking it is one JSON object; where each of its members lies. */
async function spoolReply(body: StreamedServerResponse['body'], file: string): Promise<MemberRanges> {
  const shape = new JsonShape();
  const tokenizer = new JsonTokenizer(shape.token);
  const fd = openSync(file, 'w');
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      tokenizer.write(chunk);
      try {
        writeAll(fd, chunk);
      } catch (err) {
        throw new LocalWriteError(err);
      }
    }
  } finally {
    closeSync(fd);
  }
  tokenizer.end();
  shape.end();
  if (!shape.topIsObject) throw new JsonStreamError(0, 'the reply is not a JSON object');
  return shape.members;
}

/** The first `chars` characters of a reply (only that much is read). */
async function replyStart(body: StreamedServerResponse['body'], chars: number): Promise<string> {
  const pieces: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      pieces.push(chunk);
      size += chunk.length;
      if (size >= 4 * chars) break;
    }
  } catch {
    // What arrived before the error is what there is to report.
  }
  return Buffer.concat(pieces).toString('utf8').slice(0, chars);
}

function readMember(file: string, members: MemberRanges, key: string): unknown {
  const range = members.get(key);
  if (!range) return undefined;
  const fd = openSync(file, 'r');
  try {
    const bytes = Buffer.allocUnsafe(range.end - range.start);
    let got = 0;
    while (got < bytes.length) got += readSync(fd, bytes, got, bytes.length - got, range.start + got) || fail(file);
    return JSON.parse(bytes.toString('utf8'));
  } finally {
    closeSync(fd);
  }
}

function fail(file: string): never {
  throw new Error(`${file} is shorter than the reply written to it`);
}

function writeAll(fd: number, bytes: Buffer): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/** `*_aggregate_metrics.json` written one entry at a time, as `JSON.stringify(entries, null, 2)` prints it. */
class AggregateFileWriter {
  private fd: number | undefined;
  private pending = '';
  private entries = 0;
  private readonly chunk = Buffer.allocUnsafe(IO_CHUNK);

  constructor(readonly file: string) {
    this.fd = openSync(file, 'w');
  }

  /** `{agent_ref, agent_metrics, key_metrics, group_level_metrics}`, each member copied from the reply in `replyFile`. */
  addEntry(agent: string, replyFile: string, members: MemberRanges): void {
    this.out(this.entries++ ? ',\n  {\n    "agent_ref": ' : '[\n  {\n    "agent_ref": ');
    this.print(Buffer.from(JSON.stringify({ name: agent })));
    const fd = openSync(replyFile, 'r');
    try {
      for (const key of ENTRY_MEMBERS) {
        const range = members.get(key);
        if (!range) continue;
        this.out(`,\n    ${JSON.stringify(key)}: `);
        const tokenizer = new JsonTokenizer(new JsonPrettyPrinter((text) => this.out(text), 2).token);
        for (let at = range.start; at < range.end; ) {
          const n = readSync(fd, this.chunk, 0, Math.min(IO_CHUNK, range.end - at), at) || fail(replyFile);
          tokenizer.write(this.chunk.subarray(0, n));
          at += n;
        }
        tokenizer.end();
      }
    } finally {
      closeSync(fd);
    }
    this.out('\n  }');
  }

  close(): void {
    if (this.fd === undefined) return;
    if (this.entries > 0) this.out('\n]');
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
  }

  private print(json: Buffer): void {
    const tokenizer = new JsonTokenizer(new JsonPrettyPrinter((text) => this.out(text), 2).token);
    tokenizer.write(json);
    tokenizer.end();
  }

  private out(text: string): void {
    this.pending += text;
    if (this.pending.length >= IO_CHUNK) this.flush();
  }

  private flush(): void {
    if (this.pending) writeAll(this.fd!, Buffer.from(this.pending));
    this.pending = '';
  }
}
