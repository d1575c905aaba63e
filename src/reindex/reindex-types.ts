import type { Engine } from '../engine/engine.js';
import type { Skipped } from '../filing/filing-part.js';
import type { CorpusPath, PassedOver } from './corpus-files.js';
import type { LeftoversRemoved } from './leftovers.js';

export interface ReindexOptions {
  corpusDir: string;
  indexDir: string;
  full?: boolean;
  dryRun?: boolean;
  /** Only (re)read these corpus paths; other files keep what the index has. */
  files?: CorpusPath[];
  /** How long to wait for another reindex's lock. */
  lockWaitMs?: number;
  /** Time budget for ingesting one corpus file (default 30 s): a file over it is reported as failed and skipped. */
  fileBudgetMs?: number;
  progress?: ReindexProgress;
  /** Files ingested at once, each in a worker process (default 1: inline, in this process). */
  jobs?: number;
  /** The engine to commit to (default: the in-process engine of `indexDir`). */
  openEngine?: () => Promise<Engine>;
  /**
   * A backend that keeps its own commit records (a database, `Engine.lastCommit`): the run plans
   * from it and commits to it; `indexDir` then holds only this machine's draft cache.
   */
  database?: () => Promise<Engine>;
}

/** Hooks for a progress display. */
export interface ReindexProgress {
  stage(name: 'scan' | 'read' | 'finalize' | 'index' | 'write' | 'done', detail: string): void;
  /** `releases`: drafts found so far (before merging duplicates). */
  file(done: number, total: number, bytesDone: number, file: string, releases: number): void;
  warn(message: string): void;
}

/** What a reindex did (or, with dryRun, would do). */
export interface ReindexSummary {
  mode: 'full' | 'incremental';
  /** Why a full rebuild happened when it was not asked for. */
  reason?: string;
  /** New files were cleaned against the saved state alone: the rest of the corpus was not read. */
  extended: boolean;
  /** Why new files could not be cleaned that way (the whole corpus was). */
  notExtended?: string;
  /** Corpus files whose cached drafts were damaged: the entry was deleted and the file read again. */
  damagedDrafts?: string[];
  dryRun: boolean;
  files: { added: string[]; changed: string[]; removed: string[]; unchanged: number; failed: { file: string; reason: string }[] };
  /** Corpus entries not read: symbolic links (never followed), pipes, sockets, devices, unreadable folders. */
  passedOver?: PassedOver[];
  /** Files an interrupted or failed run left in the index folder (unused data files, temporary files), deleted at the start of this one. */
  leftoversRemoved?: LeftoversRemoved;
  /** Parts of the indexed files that hold no release (the whole index's). */
  skippedParts: Skipped[];
  releases: { added: number; updated: number; removed: number; total: number };
  /** Boilerplate paragraphs removed from the releases the index holds. */
  boilerplateRemoved: number;
  /** What this run did, apart from what the index holds: boilerplate removed from the releases it added or updated, parts skipped in the files it read. */
  thisRun: { boilerplateRemoved: number; skippedParts: number };
  bytesRead: number;
  /** Worker processes that read and cleaned the files (absent: all in this process). */
  workers?: number;
  durationMs: number;
  indexBytes: number;
  builtAt?: string;
}


/** Nothing could be indexed: every file failed. */
export class NothingIndexedError extends Error {
  constructor(readonly summary: ReindexSummary) {
    super(`nothing could be indexed: all ${summary.files.failed.length} files failed; the previous index (if any) is unchanged`);
    this.name = 'NothingIndexedError';
  }
}

/** A named file is neither in the corpus nor in the index. */
export class UnknownFileError extends Error {
  constructor(file: string, corpusDir: string) {
    super(`${file} is not in the corpus folder ${corpusDir} nor in the index; check the path`);
    this.name = 'UnknownFileError';
  }
}

