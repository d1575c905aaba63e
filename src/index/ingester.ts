import type { Release } from '../clean/release.js';
import type { FileDrafts } from './draft-cache.js';

/** The two halves of ingest as reindex uses them: per file (cached), then over the whole corpus. */
export interface Ingester<D = unknown> {
  /** Read one filing into drafts; must not throw for bad input (report it in `skipped`). */
  ingestFile(file: string, bytes: Uint8Array): FileDrafts<D>;
  /** Merge duplicates and drop corpus-level recurring boilerplate. */
  finalize(drafts: D[]): Release[];
}
