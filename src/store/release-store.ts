import type { Release } from '../clean/release.js';
import type { SearchEngine } from '../engine/memory/search-engine.js';

/** Read access to the clean releases, kept apart from the search index. */
export interface ReleaseStore {
  get(id: string): Release | undefined;
  ids(): Iterable<string>;
  readonly size: number;
}

/** What a loaded index says about itself (the manifest holds more). */
export interface IndexInfo {
  /** ISO timestamp of the build. */
  builtAt: string;
  releases: number;
}

/** An index ready to answer queries: what the web and CLI layers hold. */
export interface LoadedIndex {
  engine: SearchEngine;
  store: ReleaseStore;
  info: IndexInfo;
}
