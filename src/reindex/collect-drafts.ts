import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Skipped } from '../filing/filing-part.js';
import type { DraftCache, FileDrafts } from './draft-cache.js';
import type { IngestOutcome, Ingester, TaskPool } from './ingester.js';
import type { FileEntry } from '../store/manifest.js';
import type { ReindexProgress } from './reindex-types.js';
import { DEFAULT_FILE_BUDGET_MS, ingestWithin, runIngestTask } from './ingest-task.js';

export { DEFAULT_FILE_BUDGET_MS, overBudgetReason } from './ingest-task.js';

/** What happened to the files looked at. */
export interface FileChanges {
  added: string[];
  changed: string[];
  unchanged: number;
  failed: { file: string; reason: string }[];
  bytesRead: number;
  /** Worker processes the files were ingested in (0: inline). */
  workers: number;
}

interface CollectArgs<D> {
  corpusDir: string;
  /** Files to look at, in order. */
  toCheck: string[];
  present: Set<string>;
  oldFiles: Record<string, FileEntry>;
  /** Entries carried over unchanged (FILE… mode); filled in with the files looked at. */
  files: Record<string, FileEntry>;
  cache: DraftCache<D>;
  ingester: Ingester<D>;
  full: boolean;
  dryRun: boolean;
  progress: ReindexProgress;
  /** Time budget per file (default DEFAULT_FILE_BUDGET_MS). */
  budgetMs?: number | undefined;
  /** Files ingested at once, in worker processes when above 1 and the ingester can (default 1: inline). */
  jobs?: number | undefined;
}

/** Fewer files than this to read are ingested inline: starting workers costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 4;

/** A file looked at: its stat, and what reading it gave (or is giving, in a worker). */
interface Looked {
  f: string;
  prev: FileEntry | undefined;
  mtimeMs: number;
  /** The recorded size and time matched: the cached drafts were used without reading the file. */
  sameStat: boolean;
  outcome: IngestOutcome | Promise<IngestOutcome>;
}

/**
 * Bring every corpus file's drafts up to date: unchanged files (same size and mtime, or same
 * content hash) come from the cache; new and changed ones are ingested and cached, by `jobs`
 * workers at once. Results are taken in the order of `toCheck`, whichever worker finishes first,
 * so the drafts (and the index built from them) are the same for any number of workers.
 */
export async function collectDrafts<D>(a: CollectArgs<D>): Promise<{ draftsByFile: Map<string, D[]>; changes: FileChanges; skipped: Skipped[] }> {
  const changes: FileChanges = { added: [], changed: [], unchanged: 0, failed: [], bytesRead: 0, workers: 0 };
  const draftsByFile = new Map<string, D[]>();
  const skipped: Skipped[] = [];
  const fail = (f: string, reason: string) => {
    changes.failed.push({ file: f, reason });
    a.progress.warn(`${join(a.corpusDir, f)}: ${reason}`);
  };
  const budgetMs = a.budgetMs ?? DEFAULT_FILE_BUDGET_MS;
  const jobs = a.jobs ?? 1;
  let pool: TaskPool | undefined;
  let poolTried = false;
  const workers = (): TaskPool | undefined => {
    if (!poolTried) {
      poolTried = true;
      if (jobs > 1 && a.toCheck.length >= MIN_FILES_FOR_WORKERS) {
        pool = a.ingester.openPool?.(jobs, { indexDir: a.cache.indexDir, code: a.cache.codeVersion, budgetMs }, a.ingester.ingestFile);
      }
    }
    return pool;
  };

  const look = (f: string): Looked | string | undefined => {
    if (!a.present.has(f)) return undefined;
    const path = join(a.corpusDir, f);
    const prev = a.oldFiles[f];
    let st;
    try {
      st = statSync(path);
    } catch (err) {
      return `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
    }
    // Same size and modification time: trust the recorded hash and skip reading the file.
    if (!a.full && prev && !prev.error && prev.bytes === st.size && prev.mtimeMs === st.mtimeMs) {
      const cached = a.cache.get(f, prev.hash);
      if (cached) return { f, prev, mtimeMs: st.mtimeMs, sameStat: true, outcome: { kind: 'drafts', hash: prev.hash, bytes: prev.bytes, fromCache: true, result: cached as FileDrafts<unknown> } };
    }
    const task = { file: f, path, cachedHash: !a.full && prev && !prev.error ? prev.hash : undefined, dryRun: a.dryRun };
    const p = workers();
    return { f, prev, mtimeMs: st.mtimeMs, sameStat: false, outcome: p ? p.run(task) : runIngestTask(task, a.ingester, a.cache, budgetMs) };
  };

  let found = 0;
  const take = (done: number, f: string, looked: Looked | string, outcome: IngestOutcome | undefined) => {
    if (typeof looked === 'string' || !outcome || outcome.kind === 'unreadable') {
      fail(f, typeof looked === 'string' ? looked : outcome?.kind === 'unreadable' ? outcome.reason : 'cannot be read');
      a.progress.file(done, a.toCheck.length, changes.bytesRead, f, found);
      return;
    }
    if (outcome.damaged) a.cache.onDamaged?.(f);
    if (!looked.sameStat) changes.bytesRead += outcome.bytes;
    if (outcome.kind === 'failed') {
      fail(f, outcome.reason);
      a.files[f] = { hash: outcome.hash, bytes: outcome.bytes, mtimeMs: looked.mtimeMs, releaseIds: [], drafts: 0, skipped: [], error: outcome.reason };
      a.progress.file(done, a.toCheck.length, changes.bytesRead, f, found);
      return;
    }
    const result = outcome.result as FileDrafts<D>;
    const entry: FileEntry = looked.sameStat
      ? { ...looked.prev!, releaseIds: [] }
      : { hash: outcome.hash, bytes: outcome.bytes, mtimeMs: looked.mtimeMs, releaseIds: [], drafts: 0, skipped: [] };
    a.progress.file(done, a.toCheck.length, changes.bytesRead, f, found + result.drafts.length);
    const prev = looked.prev;
    if (!prev) changes.added.push(f);
    else if (prev.hash !== entry.hash) changes.changed.push(f);
    else changes.unchanged++;
    found += result.drafts.length;
    draftsByFile.set(f, result.drafts);
    for (const s of result.skipped) skipped.push(s); // not push(...): a file can skip 100,000s of parts
    a.files[f] = { ...entry, drafts: result.drafts.length, skipped: result.skipped };
  };

  try {
    // Look ahead while workers are busy, a few files each, so none waits; take results in order.
    const ahead: { i: number; looked: Looked | string | undefined }[] = [];
    let next = 0;
    for (;;) {
      while (next < a.toCheck.length && ahead.length <= (pool ? pool.size * 4 : 0)) {
        ahead.push({ i: next, looked: look(a.toCheck[next]!) });
        next++;
      }
      const item = ahead.shift();
      if (!item) break;
      const { looked } = item;
      if (looked === undefined) continue;
      const outcome = typeof looked === 'string' ? undefined : await looked.outcome;
      take(item.i + 1, a.toCheck[item.i]!, looked, outcome);
    }
  } finally {
    changes.workers = pool?.size ?? 0;
    pool?.close();
  }

  // Files carried over (FILE… mode) still contribute their drafts.
  for (const [f, e] of Object.entries(a.files)) {
    if (draftsByFile.has(f) || e.error) continue;
    let cached = a.cache.get(f, e.hash);
    if (!cached && a.present.has(f)) {
      const out = ingestWithin(a.ingester, f, readFileSync(join(a.corpusDir, f)), budgetMs);
      if ('overBudget' in out) {
        fail(f, out.overBudget);
        a.files[f] = { ...e, releaseIds: [], drafts: 0, skipped: [], error: out.overBudget };
        continue;
      }
      cached = out;
      if (!a.dryRun) a.cache.put(f, e.hash, cached);
    }
    if (cached) draftsByFile.set(f, cached.drafts);
    for (const s of e.skipped) skipped.push(s);
    e.releaseIds = [];
  }
  return { draftsByFile, changes, skipped };
}
