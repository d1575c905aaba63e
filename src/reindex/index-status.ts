import { codeVersion } from './code-version.js';
import { listCorpusFiles } from './corpus-files.js';
import { unchangedOnDisk } from './unchanged-on-disk.js';
import { readManifest } from '../store/manifest.js';
import { reasonOf } from '../store/store-errors.js';

/** Whether the index can be served as is, and if not, why. */
export type IndexStatus = { fresh: true } | { fresh: false; reason: string };

/**
 * Is the index missing, unreadable, of another version, or older than the corpus
 * (a file added, removed or modified since it was built)? Reads only file metadata.
 */
export function indexStatus(indexDir: string, corpusDir: string): IndexStatus {
  let manifest;
  try {
    manifest = readManifest(indexDir);
  } catch (err) {
    return { fresh: false, reason: reasonOf(err) };
  }
  if (manifest.codeVersion !== codeVersion()) return { fresh: false, reason: 'the index was built by another version of the code' };
  const files = listCorpusFiles(corpusDir);
  const known = new Set(Object.keys(manifest.files));
  for (const f of files) {
    if (!known.has(f)) return { fresh: false, reason: `${f} is new` };
    if (manifest.files[f]?.error) return { fresh: false, reason: `${f} could not be read last time; trying again` };
    if (!unchangedOnDisk(corpusDir, f, manifest.files[f])) return { fresh: false, reason: `${f} changed since the index was built` };
  }
  if (files.length !== known.size) return { fresh: false, reason: `${known.size - files.length} files were removed from the corpus` };
  return { fresh: true };
}
