import type { Release } from '../clean/release.js';
import type { FileDrafts } from './draft-cache.js';

/** What cleaning new filings against the indexed corpus changed. */
export interface IngestExtension {
  /** New releases, and indexed ones cleaned again. */
  releases: Release[];
  /** Indexed releases that are no more. */
  removed: string[];
  /** The ingester's state after it (saved with the index, handed back to the next `extend`). */
  state: unknown;
}

/** The two halves of ingest as reindex uses them: per file (cached), then over the whole corpus. */
export interface Ingester<D = unknown> {
  /**
   * Read one filing into drafts; must not throw for bad input (report it in `skipped`). May
   * throw once `deadlineMs` (performance.now() clock) has passed: the file is then reported and
   * skipped (reindex also skips a file whose ingest returned after its budget).
   */
  ingestFile(file: string, bytes: Uint8Array, opts?: { deadlineMs?: number }): FileDrafts<D>;
  /** Merge duplicates and drop corpus-level recurring boilerplate. */
  finalize(drafts: D[]): Release[];
  /**
   * finalize, also returning what `extend` needs later (undefined state: extending is not possible
   * from this corpus). Optional: without it every reindex finalizes the whole corpus. With
   * `consume`, `drafts` may be emptied and its drafts let go of as the releases are made.
   */
  finalizeWithState?(drafts: D[], opts?: { consume?: boolean }): { releases: Release[]; state: unknown };
  /**
   * Finalize new files' drafts against the corpus `state` describes, as `finalize` over every
   * draft would; `stored` reads an indexed release. A string: why the whole corpus must be
   * finalized instead (nothing was changed).
   */
  extend?(state: unknown, drafts: D[], stored: (id: string) => Release | undefined): IngestExtension | string;
  /**
   * Workers that run this ingester's `ingestFile` in processes of their own, `jobs` at a time;
   * undefined: files are ingested inline. `ingestFile` is the function the caller would run, so
   * that a copy of an ingester with another `ingestFile` is never run as the original in workers.
   */
  openPool?(jobs: number, init: PoolInit, ingestFile: Ingester<D>['ingestFile']): TaskPool | undefined;
}

/** One corpus file to read, hash and (unless its cached drafts serve) ingest. */
export interface IngestTask {
  /** The corpus path (as the summary names it). */
  file: string;
  /** Where to read it. */
  path: string;
  /** The hash the index recorded for it: when the content still has it, the cached drafts are used. */
  cachedHash?: string | undefined;
  /** Do not write the draft cache. */
  dryRun: boolean;
}

/** What became of a task: the file's drafts (from the cache or ingested), or why it has none. */
export type IngestOutcome =
  | { kind: 'drafts'; hash: string; bytes: number; fromCache: boolean; result: FileDrafts<unknown>; damaged?: boolean }
  | { kind: 'failed'; hash: string; bytes: number; reason: string; damaged?: boolean }
  | { kind: 'unreadable'; reason: string };

/** Workers that run tasks (`IngestPool`); `size`: how many. */
export interface TaskPool {
  readonly size: number;
  run(task: IngestTask): Promise<IngestOutcome>;
  close(): void;
}

/** What every worker of a pool needs to know. */
export interface PoolInit {
  indexDir: string;
  code: string;
  budgetMs: number;
}

/** A pool's request to a worker, and the worker's answer. */
export interface TaskMessage {
  id: number;
  task: IngestTask;
}
export interface OutcomeMessage {
  id: number;
  outcome: IngestOutcome;
}
