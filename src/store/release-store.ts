import type { Release } from '../clean/release.js';
import type { LeadPart, ReleaseLead } from './release-record.js';

/** Read access to the clean releases, kept apart from the search index. */
export interface ReleaseStore {
  get(id: string): Release | undefined;
  /** What a list of releases shows and the start of the body, without reading the rest. */
  lead(id: string, part: LeadPart): ReleaseLead | undefined;
  ids(): Iterable<string>;
  readonly size: number;
}
