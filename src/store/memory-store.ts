import type { Release } from '../clean/release.js';
import type { LoadedIndex, ReleaseStore } from './release-store.js';
import { SearchEngine } from '../engine/memory/search-engine.js';

/** A release store held in memory: for tests, benchmarks and one-off tools. */
export class MemoryStore implements ReleaseStore {
  private readonly byId = new Map<string, Release>();

  constructor(releases: Iterable<Release>) {
    for (const r of releases) this.byId.set(r.id, r);
  }

  get(id: string): Release | undefined {
    return this.byId.get(id);
  }

  ids(): Iterable<string> {
    return this.byId.keys();
  }

  get size(): number {
    return this.byId.size;
  }
}

/** Index releases in memory, without touching the disk. */
export function buildMemoryIndex(releases: readonly Release[], builtAt = new Date().toISOString()): LoadedIndex {
  const store = new MemoryStore(releases);
  const engine = SearchEngine.create();
  for (const r of store.ids()) engine.add(store.get(r)!);
  return { engine, store, info: { builtAt, releases: store.size } };
}
