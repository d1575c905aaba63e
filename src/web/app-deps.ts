import type { Logger } from 'pino';
import type { LoadedIndex } from '../store/release-store.js';

/** What the web layer needs from the outside: the index currently served, and a logger. */
export interface AppDeps {
  /** The loaded index, or undefined while the first one is loading. */
  getIndex: () => LoadedIndex | undefined;
  logger: Logger;
}
