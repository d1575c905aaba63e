import type { ReleaseStore } from '../../store/release-store.js';
import type { SearchEngine } from './search-engine.js';

/** What a loaded generation says about itself (the manifest holds more). */
export interface IndexInfo {
  /** ISO timestamp of the build. */
  builtAt: string;
  releases: number;
  /** The generation's name: changes with every commit. */
  generation: string;
}

/** One generation of the in-process engine, ready to answer: the term index and the release store. */
export interface LoadedIndex {
  engine: SearchEngine;
  store: ReleaseStore;
  info: IndexInfo;
}
