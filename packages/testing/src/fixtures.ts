/**
 * Access to the reference recordings in `../shared/fixtures` (beside the
 * project). Tests that use them skip with a clear message when it is absent.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED_FIXTURES_DIR = fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url));

/** The fixtures folder if present; otherwise logs why dependent tests are skipped and returns undefined. */
export function fixturesDir(sub = ''): string | undefined {
  const dir = SHARED_FIXTURES_DIR + sub;
  if (existsSync(dir)) return dir;
  console.warn(`skipping tests that need the reference recordings: ${dir} is absent`);
  return undefined;
}

type Row = Record<string, unknown>;

/** Text of a message item's content (string or list of parts). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === 'object' ? String((p as Row).text ?? '') : '')).join('');
  return '';
}

/** The normalised input used to join a rollout to its example row: (role, text) of every message item. */
export function normalisedInput(row: Row): string {
  const params = row.responses_create_params as Row | undefined;
  const input = params?.input;
  if (typeof input === 'string') return JSON.stringify([['user', input]]);
  if (!Array.isArray(input)) return '[]';
  const pairs = input
    .filter((it) => it && typeof it === 'object' && ((it as Row).type === undefined || (it as Row).type === 'message'))
    .map((it) => [String((it as Row).role), contentText((it as Row).content)]);
  return JSON.stringify(pairs);
}

/**
 * Pair each recorded rollout with its example row: by `_ng_task_index` when
 * present, else by the normalised input (unique for every shipped server).
 */
export function joinRolloutsToRows(rows: Row[], rollouts: Row[]): Array<{ row: Row; rollout: Row; line: number }> {
  const byInput = new Map<string, Row>();
  for (const r of rows) byInput.set(normalisedInput(r), r);
  return rollouts.map((rollout, i) => {
    const idx = rollout._ng_task_index;
    const row = typeof idx === 'number' && rows[idx] ? rows[idx] : byInput.get(normalisedInput(rollout));
    if (!row) throw new Error(`rollout line ${i + 1} matches no example row`);
    return { row, rollout, line: i + 1 };
  });
}

/** The verify request the reference would have sent: the example row plus the recorded response. */
export function verifyRequestFor(row: Row, rollout: Row): Row {
  return { ...row, response: rollout.response };
}
