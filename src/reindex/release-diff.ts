import type { Release } from '../clean/release.js';
import type { FileEntry } from '../store/manifest.js';
import type { ReindexSummary } from './reindex-types.js';

export interface HashedRelease {
  release: Release;
  hash: string;
}

/**
 * What a run changes against the previous generation's release hashes: the releases to take out
 * and those to write (new or changed). Counts them into the summary, as the folder and the
 * database writers both report them.
 */
export function diffReleases(
  hashed: readonly HashedRelease[],
  oldHashes: ReadonlyMap<string, string>,
  files: Record<string, FileEntry>,
  summary: ReindexSummary,
): { removedIds: string[]; changed: HashedRelease[] } {
  const newIds = new Set(hashed.map((h) => h.release.id));
  const removedIds = [...oldHashes.keys()].filter((id) => !newIds.has(id));
  const changed = hashed.filter(({ release, hash }) => oldHashes.get(release.id) !== hash);
  summary.releases.removed = removedIds.length;
  for (const { release } of changed) {
    if (oldHashes.has(release.id)) summary.releases.updated++;
    else summary.releases.added++;
  }
  summary.releases.total = hashed.length;
  summary.thisRun.boilerplateRemoved = changed.reduce((n, c) => n + c.release.removed.length, 0);
  summary.thisRun.skippedParts = [...summary.files.added, ...summary.files.changed].reduce((n, f) => n + (files[f]?.skipped.length ?? 0), 0);
  return { removedIds, changed };
}
