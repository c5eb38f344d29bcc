/**
 * Read one source line by meaning: find the conversation, the tools and the
 * provenance, whatever the container. Built-in shapes are detected; anything
 * else is described with a mapping of field paths (flags or a YAML file).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { getPath } from '../dataset/jsonl.ts';
import { PivotErrors } from '../dataset/errors.ts';
import { UnsupportedSourceError, flattenTools, type CanonMessage } from './canonical.ts';
import { readChatMessages } from './read-chat.ts';
import { readResponsesItems } from './read-responses.ts';

export const SOURCE_FORMATS = ['auto', 'chat', 'responses', 'generic'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** Field paths (dotted) of a custom source. Unset paths fall back to the built-in candidates. */
export interface SourceMapping {
  messages?: string;
  input?: string;
  output?: string;
  tools?: string;
  task_id?: string;
  trajectory_id?: string;
  rollout_id?: string;
  reward?: string;
  uuid?: string;
  metadata?: string;
  /** For chat-like messages with other field names (e.g. ShareGPT `from`/`value`). */
  role_field?: string;
  content_field?: string;
  role_map?: Record<string, string>;
}

const PATH_KEYS = ['messages', 'input', 'output', 'tools', 'task_id', 'trajectory_id', 'rollout_id', 'reward', 'uuid', 'metadata', 'role_field', 'content_field'] as const;

/** Where each fact is looked for when the mapping does not say (first non-null wins). */
const CANDIDATES: Record<'task_id' | 'trajectory_id' | 'rollout_id' | 'reward' | 'uuid' | 'metadata' | 'tools', string[]> = {
  task_id: ['task_id', '_ng_task_index', 'task.id', 'metadata.task_id', 'instance_id'],
  trajectory_id: ['trajectory_id', 'metadata.trajectory_id', 'id'],
  rollout_id: ['_ng_rollout_id', 'rollout_id', '_ng_rollout_index', 'metadata.rollout_id'],
  reward: ['reward', 'metadata.reward', 'score'],
  uuid: ['uuid', 'metadata.uuid'],
  metadata: ['metadata'],
  tools: ['tools', 'responses_create_params.tools', 'metadata.tools'],
};

export interface SourceTrajectory {
  messages: CanonMessage[];
  tools: Record<string, unknown>[];
  taskId?: string;
  trajectoryId?: string;
  rolloutId?: string;
  reward?: number;
  uuid?: string;
  metadata?: unknown;
}

const first = (row: unknown, paths: string[]) => paths.map((p) => getPath(row, p)).find((v) => v !== undefined && v !== null);
const idText = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

/** Provenance facts only (task id and reward), for the first pass that groups source rewards by task. */
export function readTaskReward(row: unknown, mapping: SourceMapping = {}): { taskId?: string; reward?: number } {
  const reward = first(row, mapping.reward ? [mapping.reward] : CANDIDATES.reward);
  return { taskId: idText(first(row, mapping.task_id ? [mapping.task_id] : CANDIDATES.task_id)), reward: typeof reward === 'number' ? reward : undefined };
}

/** Read one source row; throws UnsupportedSourceError when no conversation can be found. */
export function readSource(row: unknown, format: SourceFormat, mapping: SourceMapping = {}): SourceTrajectory {
  const look = (key: keyof typeof CANDIDATES) => first(row, mapping[key] ? [mapping[key] as string] : CANDIDATES[key]);
  const facts = readTaskReward(row, mapping);
  return {
    messages: readConversation(row, format, mapping),
    tools: flattenTools(look('tools')),
    taskId: facts.taskId,
    trajectoryId: idText(look('trajectory_id')),
    rolloutId: idText(look('rollout_id')),
    reward: facts.reward,
    uuid: idText(look('uuid')),
    metadata: look('metadata'),
  };
}

function readConversation(row: unknown, format: SourceFormat, mapping: SourceMapping): CanonMessage[] {
  const names = { role: mapping.role_field, content: mapping.content_field, roleMap: mapping.role_map };
  const list = (path: string) => {
    const v = getPath(row, path);
    if (typeof v === 'string') return [{ role: 'user', type: 'message', content: v }];
    return Array.isArray(v) ? v : undefined;
  };
  const chat = () => {
    const messages = list(mapping.messages ?? 'messages');
    return messages ? readChatMessages(messages, names) : undefined;
  };
  const responses = () => {
    const input = list(mapping.input ?? 'responses_create_params.input') ?? (mapping.input ? undefined : list('input'));
    const output = list(mapping.output ?? 'response.output') ?? (mapping.output ? undefined : list('output'));
    return input || output ? readResponsesItems([...(input ?? []), ...(output ?? [])]) : undefined;
  };
  let found: CanonMessage[] | undefined;
  if (format === 'chat') found = chat();
  else if (format === 'responses') found = responses();
  else found = (mapping.messages || !(mapping.input || mapping.output) ? chat() : undefined) ?? responses();
  if (!found) throw new UnsupportedSourceError('no conversation found (looked for messages, or responses_create_params.input + response.output)');
  return found;
}

/** Parse `key=path` words (from `--map`) and/or a YAML mapping file into one mapping; the words win. */
export function loadSourceMapping(opts: { file?: string; pairs?: string[] }): SourceMapping {
  let mapping: Record<string, unknown> = {};
  if (opts.file) {
    let text: string;
    try {
      text = readFileSync(opts.file, 'utf8');
    } catch {
      throw PivotErrors.fileNotFound(opts.file, 'mapping file');
    }
    const parsed = parseYaml(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw PivotErrors.badMapping(`${opts.file} must be a YAML mapping of field names to dotted paths`);
    mapping = { ...(parsed as Record<string, unknown>) };
  }
  for (const pair of opts.pairs ?? []) {
    const m = /^([a-z_]+)=(.+)$/.exec(pair);
    if (!m) throw PivotErrors.badMapping(`--map expects key=dotted.path, got '${pair}'`);
    mapping[m[1]] = m[2];
  }
  for (const [key, value] of Object.entries(mapping)) {
    if (key === 'role_map') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw PivotErrors.badMapping('role_map must map source roles to system/user/developer/assistant/tool');
      continue;
    }
    if (!(PATH_KEYS as readonly string[]).includes(key)) throw PivotErrors.badMapping(`unknown mapping key '${key}'; known keys: ${[...PATH_KEYS, 'role_map'].join(', ')}`);
    if (typeof value !== 'string' || value === '') throw PivotErrors.badMapping(`mapping '${key}' must be a dotted field path`);
  }
  return mapping as SourceMapping;
}
