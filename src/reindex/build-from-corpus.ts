import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Skipped } from '../filing/filing-part.js';
import { listCorpusFiles } from './corpus-files.js';
import { createDefaultIngester } from './default-ingester.js';
import type { LoadedIndex } from '../store/release-store.js';
import { buildMemoryIndex } from '../store/memory-store.js';

/** Ingest every filing under a folder and index the releases in memory (no files written). */
export async function buildFromCorpus(corpusDir: string): Promise<{ index: LoadedIndex; skipped: Skipped[]; bytes: number }> {
  const ingester = await createDefaultIngester();
  const drafts: unknown[] = [];
  const skipped: Skipped[] = [];
  let bytes = 0;
  for (const file of listCorpusFiles(corpusDir)) {
    const data = readFileSync(join(corpusDir, file));
    bytes += data.length;
    const out = ingester.ingestFile(file, data);
    drafts.push(...out.drafts);
    skipped.push(...out.skipped);
  }
  return { index: buildMemoryIndex(ingester.finalize(drafts)), skipped, bytes };
}
