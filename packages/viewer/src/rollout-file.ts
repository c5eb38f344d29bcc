/**
 * One rollouts file as the viewer serves it: the current index, the text
 * search over it and cached stats. Reload swaps all three at once, so a
 * request never mixes an old index with a new search.
 */
import { resolve } from 'node:path';
import { RolloutIndex } from './rollout-index.ts';
import { TextSearch } from './search.ts';
import { computeStats, type StatsQuery, type ViewerStats } from './stats.ts';
import { viewerErrors } from './errors.ts';

const MAX_CACHED_STATS = 32;

interface Loaded {
  index: RolloutIndex;
  search: TextSearch;
  stats: Map<string, ViewerStats>;
  loadedAt: Date;
}

export class RolloutFile {
  private loaded: Loaded;

  private constructor(
    readonly path: string,
    loaded: Loaded,
  ) {
    this.loaded = loaded;
  }

  static async open(path: string): Promise<RolloutFile> {
    if (!path) throw viewerErrors.missingPath();
    const absolute = resolve(path);
    return new RolloutFile(absolute, await RolloutFile.load(absolute));
  }

  private static async load(path: string): Promise<Loaded> {
    const index = await RolloutIndex.build(path);
    return { index, search: new TextSearch(index), stats: new Map(), loadedAt: new Date() };
  }

  get index(): RolloutIndex {
    return this.loaded.index;
  }

  get search(): TextSearch {
    return this.loaded.search;
  }

  get loadedAt(): Date {
    return this.loaded.loadedAt;
  }

  /** Index the file again (it may have grown while rollouts were being collected). */
  async reload(): Promise<void> {
    this.loaded = await RolloutFile.load(this.path);
  }

  stats(query: StatsQuery): ViewerStats {
    const key = JSON.stringify([query.agent ?? null, query.task_limit ?? null]);
    let stats = this.loaded.stats.get(key);
    if (!stats) {
      if (this.loaded.stats.size >= MAX_CACHED_STATS) this.loaded.stats.clear();
      this.loaded.stats.set(key, (stats = computeStats(this.loaded.index, query)));
    }
    return stats;
  }
}
