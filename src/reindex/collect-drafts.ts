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
          try {
            result = a.ingester.ingestFile(f, bytes);
          } catch (err) {
            const reason = `cannot be ingested (${(err as Error).message})`;
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
    skipped.push(...result.skipped);
    a.files[f] = { ...entry!, drafts: result.drafts.length, skipped: result.skipped };
  }
  // Files carried over (FILE… mode) still contribute their drafts.
  for (const [f, e] of Object.entries(a.files)) {
    if (draftsByFile.has(f) || e.error) continue;
    let cached = a.cache.get(f, e.hash);
    if (!cached && a.present.has(f)) {
      cached = a.ingester.ingestFile(f, readFileSync(join(a.corpusDir, f)));
      if (!a.dryRun) a.cache.put(f, e.hash, cached);
    }
    if (cached) draftsByFile.set(f, cached.drafts);
    skipped.push(...e.skipped);
    e.releaseIds = [];
  }
  return { draftsByFile, changes, skipped };
}
