/**
 * `GET /api/rollouts`: the query schema (TypeBox, so validation errors name
 * the field) and the filtering, sorting and paging of the index.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { RolloutIndex } from './rollout-index.ts';
import type { TextSearch } from './search.ts';
import type { RolloutSummary } from './summary.ts';

export const RolloutQuery = Type.Object(
  {
    reward: Type.Optional(Type.Number({ description: 'exact reward' })),
    reward_min: Type.Optional(Type.Number()),
    reward_max: Type.Optional(Type.Number()),
    task: Type.Optional(Type.Integer({ description: '_ng_task_index' })),
    rollout: Type.Optional(Type.Integer({ description: '_ng_rollout_index' })),
    agent: Type.Optional(Type.String({ description: 'agent_ref.name' })),
    q: Type.Optional(Type.String({ maxLength: 500, description: 'text anywhere in the line, case-insensitive' })),
    sort: Type.Optional(Type.Union([Type.Literal('file'), Type.Literal('task'), Type.Literal('reward')], { default: 'file' })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);
export type RolloutQuery = Static<typeof RolloutQuery>;

export interface RolloutPage {
  total: number;
  offset: number;
  limit: number;
  items: RolloutSummary[];
}

const nullsLast = (a: number | null, b: number | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b);

const ORDER: Record<'task' | 'reward', (a: RolloutSummary, b: RolloutSummary) => number> = {
  task: (a, b) => nullsLast(a.task, b.task) || nullsLast(a.rollout, b.rollout) || a.i - b.i,
  // Highest reward first; rollouts without a reward last.
  reward: (a, b) => nullsLast(a.reward === null ? null : -a.reward, b.reward === null ? null : -b.reward) || a.i - b.i,
};

/** The rollouts that pass every given filter, in the requested order, one page of them. */
export async function queryRollouts(index: RolloutIndex, search: TextSearch, query: RolloutQuery): Promise<RolloutPage> {
  const text = query.q?.trim();
  const hits = text ? await search.matches(text) : undefined;
  const matches = index.entries.filter(
    (e) =>
      (query.reward === undefined || e.reward === query.reward) &&
      (query.reward_min === undefined || (e.reward !== null && e.reward >= query.reward_min)) &&
      (query.reward_max === undefined || (e.reward !== null && e.reward <= query.reward_max)) &&
      (query.task === undefined || e.task === query.task) &&
      (query.rollout === undefined || e.rollout === query.rollout) &&
      (query.agent === undefined || e.agent === query.agent) &&
      (hits === undefined || hits.has(e.i)),
  );
  const sort = query.sort ?? 'file';
  if (sort !== 'file') matches.sort(ORDER[sort]);
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 100;
  return { total: matches.length, offset, limit, items: matches.slice(offset, offset + limit) };
}
