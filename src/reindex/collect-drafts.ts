import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Skipped } from '../filing/filing-part.js';
import type { DraftCache, FileDrafts } from './draft-cache.js';
import type { Ingester } from './ingester.js';
import type { FileEntry } from '../store/manifest.js';
import type { ReindexProgress } from './reindex-types.js';

/** What happened to the files looked at. */
export interface FileChanges {
  added: string[];
  changed: string[];
  unchanged: number;
  failed: { file: string; reason: string }[];
  bytesRead: number;
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
}

/** How long one file may take to ingest before it is reported and skipped. */
export const DEFAULT_FILE_BUDGET_MS = 30_000;

/** Why a file over its budget was skipped, as the summary lists it. */
export const overBudgetReason = (budgetMs: number) =>
  `skipped: ingest took longer than the ${budgetMs >= 1000 ? `${budgetMs / 1000} s` : `${budgetMs} ms`} budget per file (check the file: no filing should take that long)`;

/**
 * Ingest one file within a budget: the ingester stops itself at the deadline (IngestBudgetError,
 * recognised by name since src/clean is loaded lazily) or, if it does not check, its result is
 * refused when it comes back late. Returns the drafts, or the reason the file was skipped.
 */
function ingestWithin<D>(ingester: Ingester<D>, f: string, bytes: Uint8Array, budgetMs: number): FileDrafts<D> | { overBudget: string } {
  const started = performance.now();
  try {
    const out = ingester.ingestFile(f, bytes, { deadlineMs: started + budgetMs });
    return performance.now() - started > budgetMs ? { overBudget: overBudgetReason(budgetMs) } : out;
  } catch (err) {
    if ((err as Error).name === 'IngestBudgetError') return { overBudget: overBudgetReason(budgetMs) };
    throw err;
  }
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * Bring every corpus file's drafts up to date: unchanged files (same size and mtime, or same
 * content hash) come from the cache; new and changed ones are ingested and cached.
 */
export function collectDrafts<D>(a: CollectArgs<D>): { draftsByFile: Map<string, D[]>; changes: FileChanges; skipped: Skipped[] } {
  const changes: FileChanges = { added: [], changed: [], unchanged: 0, failed: [], bytesRead: 0 };
  const draftsByFile = new Map<string, D[]>();
  const skipped: Skipped[] = [];
  const fail = (f: string, reason: string) => {
    changes.failed.push({ file: f, reason });
    a.progress.warn(`${join(a.corpusDir, f)}: ${reason}`);
  };
  const budgetMs = a.budgetMs ?? DEFAULT_FILE_BUDGET_MS;
  let done = 0;
  let found = 0;
  for (const f of a.toCheck) {
    done++;
    if (!a.present.has(f)) continue;
    const path = join(a.corpusDir, f);
    const prev = a.oldFiles[f];
    let result: FileDrafts<D> | undefined;
    let entry: FileEntry | undefined;
    try {
      const st = statSync(path);
      // Same size and modification time: trust the recorded hash and skip reading the file.
      if (!a.full && prev && !prev.error && prev.bytes === st.size && prev.mtimeMs === st.mtimeMs) {
        result = a.cache.get(f, prev.hash);
        if (result) entry = { ...prev, releaseIds: [] };
      }
      if (!result) {
        const bytes = readFileSync(path);
        changes.bytesRead += bytes.length;
        const hash = sha256(bytes);
        if (!a.full && prev?.hash === hash && !prev.error) result = a.cache.get(f, hash);
        if (!result) {
          let reason: string | undefined;
          try {
            const out = ingestWithin(a.ingester, f, bytes, budgetMs);
            if ('overBudget' in out) reason = out.overBudget;
            else result = out;
          } catch (err) {
            reason = `cannot be ingested (${(err as Error).message})`;
          }
          if (!result) {
            reason ??= 'cannot be ingested';
            fail(f, reason);
            a.files[f] = { hash, bytes: bytes.length, mtimeMs: st.mtimeMs, releaseIds: [], drafts: 0, skipped: [], error: reason };
            continue;
          }
          if (!a.dryRun) a.cache.put(f, hash, result);
        }
        entry = { hash, bytes: bytes.length, mtimeMs: st.mtimeMs, releaseIds: [], drafts: 0, skipped: [] };
      }
    } catch (err) {
      fail(f, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      continue;
    } finally {
      a.progress.file(done, a.toCheck.length, changes.bytesRead, f, found + (result?.drafts.length ?? 0));
    }
    if (!prev) changes.added.push(f);
    else if (prev.hash !== entry!.hash) changes.changed.push(f);
    else changes.unchanged++;
    found += result.drafts.length;
    draftsByFile.set(f, result.drafts);
    for (const s of result.skipped) skipped.push(s); // not push(...): a file can skip 100,000s of parts
    a.files[f] = { ...entry!, drafts: result.drafts.length, skipped: result.skipped };
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
