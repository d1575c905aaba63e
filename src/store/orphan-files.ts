import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TMP_PREFIX, tryUnlink } from './atomic-write.js';
import { dataFilesOf, readManifest, type Manifest } from './manifest.js';
import { IndexMissingError } from './store-errors.js';

/** The name of a generation's data file: `<kind>-<time>-<random>.<ext>`. */
export const DATA_FILE = /^(engine|releases|finalize)-[0-9a-z]+-[0-9a-f]+\.(bin|delta|dat|idx|state)$/;

/**
 * Delete data files no generation uses (`manifest`: the one being served, undefined when there
 * is none) and debris of interrupted writes in `dir`. The caller holds the index lock, so no
 * writer is at work; a reader only ever uses the files its manifest names. Returns what went.
 */
export function removeUnused(dir: string, manifest: Manifest | undefined): { files: string[]; bytes: number } {
  const keep = new Set(manifest ? dataFilesOf(manifest).map((f) => f.name) : []);
  const files: string[] = [];
  let bytes = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return { files, bytes };
  }
  for (const n of names) {
    if (!(DATA_FILE.test(n) && !keep.has(n)) && !n.startsWith(TMP_PREFIX)) continue;
    try {
      bytes += statSync(join(dir, n)).size;
    } catch {
      continue; // already gone
    }
    tryUnlink(join(dir, n));
    files.push(n);
  }
  return { files, bytes };
}

/**
 * Data files of the index folder that its manifest does not name (a writer killed between its
 * data files and its manifest left them) and temporary files: deleted. Nothing is deleted when
 * the manifest cannot be read (damaged, another version): what it names is not known, and the
 * full rebuild that follows cleans up when it commits.
 */
export function removeOrphans(indexDir: string): { files: string[]; bytes: number } {
  let manifest: Manifest | undefined;
  try {
    manifest = readManifest(indexDir);
  } catch (err) {
    if (!(err instanceof IndexMissingError)) return { files: [], bytes: 0 };
  }
  return removeUnused(indexDir, manifest);
}
