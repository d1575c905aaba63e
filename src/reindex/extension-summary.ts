import type { Release } from '../clean/release.js';
import type { FileEntry } from '../store/manifest.js';
import type { FileChanges } from './collect-drafts.js';
import type { IngestExtension } from './ingester.js';
import type { ReindexSummary } from './reindex-types.js';

/**
 * A small update's file table and summary: the releases an extension wrote (new, or indexed ones
 * cleaned again) and took out, counted against what was indexed before (`before`), the same for
 * the index folder and the database. Returns the new file table and boilerplate total.
 */
export function summarizeExtension(
  ext: IngestExtension,
  before: (id: string) => Release | undefined,
  old: { files: Record<string, FileEntry>; counts: { releases: number; boilerplateRemoved: number } },
  entries: Record<string, FileEntry>,
  changes: FileChanges,
  summary: ReindexSummary,
): { files: Record<string, FileEntry>; boilerplate: number } {
  const files: Record<string, FileEntry> = { ...old.files, ...entries };
  const gone = new Set(ext.removed);
  let boilerplate = old.counts.boilerplateRemoved;
  for (const id of ext.removed) boilerplate -= before(id)?.removed.length ?? 0;
  for (const r of ext.releases) {
    const was = before(r.id);
    if (was) summary.releases.updated++;
    else summary.releases.added++;
    boilerplate += r.removed.length - (was?.removed.length ?? 0);
    for (const s of r.sources) if (files[s.file] && !files[s.file]!.releaseIds.includes(r.id)) files[s.file]!.releaseIds.push(r.id);
  }
  if (gone.size) {
    for (const [f, e] of Object.entries(files)) if (e.releaseIds.some((id) => gone.has(id))) files[f] = { ...e, releaseIds: e.releaseIds.filter((id) => !gone.has(id)) };
  }
  summary.files = { ...summary.files, added: changes.added, changed: changes.changed, unchanged: Object.keys(old.files).filter((f) => !entries[f]).length, failed: changes.failed };
  summary.bytesRead = changes.bytesRead;
  if (changes.workers) summary.workers = changes.workers;
  summary.skippedParts = Object.values(files).flatMap((e) => e.skipped);
  summary.releases.removed = ext.removed.length;
  summary.releases.total = old.counts.releases + summary.releases.added - ext.removed.length;
  summary.boilerplateRemoved = boilerplate;
  summary.thisRun = {
    boilerplateRemoved: ext.releases.reduce((n, r) => n + r.removed.length, 0),
    skippedParts: Object.values(entries).reduce((n, e) => n + e.skipped.length, 0),
  };
  return { files, boilerplate };
}
