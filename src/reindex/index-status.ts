import { statSync } from 'node:fs';
import { join } from 'node:path';
import { codeVersion } from './code-version.js';
import { listCorpusFiles } from './corpus-files.js';
import { readManifest } from '../store/manifest.js';

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
    return { fresh: false, reason: (err as Error).message.replace(/; rebuild.*$/, '') };
  }
  if (manifest.codeVersion !== codeVersion()) return { fresh: false, reason: 'the index was built by another version of the code' };
  const builtAt = Date.parse(manifest.builtAt);
  const files = listCorpusFiles(corpusDir);
  const known = new Set(Object.keys(manifest.files));
  for (const f of files) {
    if (!known.has(f)) return { fresh: false, reason: `${f} is new` };
    const st = statSync(join(corpusDir, f));
    if (st.mtimeMs > builtAt || st.size !== manifest.files[f]?.bytes) return { fresh: false, reason: `${f} changed since the index was built` };
  }
  if (files.length !== known.size) return { fresh: false, reason: `${known.size - files.length} files were removed from the corpus` };
  return { fresh: true };
}
