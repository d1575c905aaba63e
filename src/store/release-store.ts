import type { Release } from '../clean/release.js';

/** Read access to the clean releases, kept apart from the search index. */
export interface ReleaseStore {
  get(id: string): Release | undefined;
  ids(): Iterable<string>;
  readonly size: number;
}
