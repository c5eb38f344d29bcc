/**
 * Full-text search over the rollouts: one streaming pass over the file per new
 * query (nothing but the index is kept in memory), with the last answer cached
 * because paging through results repeats the same query.
 */
import { readLinesWithOffsets } from './lines.ts';
import type { RolloutIndex } from './rollout-index.ts';

/** Whether a raw JSON line contains `query` (lower-cased) as text. */
export function lineMatches(rawLine: string, query: string): boolean {
  const lower = rawLine.toLowerCase();
  if (lower.includes(query)) return true;
  // The text may sit JSON-escaped in the line (quotes, backslashes, newlines)...
  const escaped = JSON.stringify(query).slice(1, -1);
  if (escaped !== query && lower.includes(escaped)) return true;
  // ...or as \uXXXX escapes (Python's json.dumps writes non-ASCII that way): compare the decoded text.
  if (!rawLine.includes('\\u')) return false;
  try {
    return JSON.stringify(JSON.parse(rawLine)).toLowerCase().includes(escaped);
  } catch {
    return false;
  }
}

export class TextSearch {
  private last: { query: string; hits: Set<number> } | undefined;

  constructor(private readonly index: RolloutIndex) {}

  /** The rollout positions (`i`) whose line contains `query`, case-insensitively. */
  async matches(query: string): Promise<Set<number>> {
    const needle = query.toLowerCase();
    if (this.last?.query === needle) return this.last.hits;
    const hits = new Set<number>();
    const entries = this.index.entries;
    let next = 0;
    for await (const raw of readLinesWithOffsets(this.index.path)) {
      // Entries are in file order, so walking both in step maps line numbers to rollouts without a lookup table.
      while (next < entries.length && entries[next].line < raw.number) next += 1;
      if (next >= entries.length) break;
      if (entries[next].line !== raw.number) continue;
      if (lineMatches(raw.text, needle)) hits.add(next);
    }
    this.last = { query: needle, hits };
    return hits;
  }
}
