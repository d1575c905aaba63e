import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileEntry } from '../store/manifest.js';

/**
 * The one rule for "is the index current for this file": the file is as the last run saw it (same
 * size and modification time) and was read then. Reindex skips such files; serve rebuilds unless
 * every file is such.
 */
export function unchangedOnDisk(corpusDir: string, file: string, prev: FileEntry | undefined): boolean {
  if (!prev || prev.error) return false;
  try {
    const st = statSync(join(corpusDir, file));
    return st.size === prev.bytes && st.mtimeMs === prev.mtimeMs;
  } catch {
    return false;
  }
}
