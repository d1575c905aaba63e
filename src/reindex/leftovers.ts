import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tryUnlink } from '../store/atomic-write.js';
import { removeOrphans, removeUnused } from '../store/orphan-files.js';
import { DRAFTS_DIR } from './draft-cache.js';

/** What a run found left behind by an earlier one, and deleted. */
export interface LeftoversRemoved {
  files: string[];
  bytes: number;
}

function draftNames(indexDir: string): Set<string> {
  try {
    return new Set(readdirSync(join(indexDir, DRAFTS_DIR)));
  } catch {
    return new Set();
  }
}

/**
 * At the start of a run, under the lock: delete what a killed or failed run left (data files the
 * manifest does not name, temporary files, in the index folder and its draft cache), and note the
 * draft cache entries there are now, so that a failed run can take back the ones it adds.
 */
export function startRun(indexDir: string): { removed: LeftoversRemoved; draftsBefore: Set<string> } {
  const data = removeOrphans(indexDir);
  const drafts = removeUnused(join(indexDir, DRAFTS_DIR), undefined);
  return { removed: { files: [...data.files, ...drafts.files.map((f) => `${DRAFTS_DIR}/${f}`)], bytes: data.bytes + drafts.bytes }, draftsBefore: draftNames(indexDir) };
}

/**
 * A run failed (a full disk, a write refused): delete what it wrote, still under the lock, so
 * that the next run does not meet it (on a full disk, the draft cache it wrote is the space the
 * next run needs). The data files of the generation being served stay.
 */
export function cleanFailedRun(indexDir: string, draftsBefore: ReadonlySet<string>): void {
  removeOrphans(indexDir);
  for (const n of draftNames(indexDir)) if (!draftsBefore.has(n)) tryUnlink(join(indexDir, DRAFTS_DIR, n));
}
