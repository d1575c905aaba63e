import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Skipped } from '../filing/filing-part.js';
import { listCorpusFiles } from './corpus-files.js';
import { createDefaultIngester } from './default-ingester.js';
import type { Release } from '../clean/release.js';
import type { Engine } from '../engine/engine.js';
import { openEngine } from '../engine/open-engine.js';

/** Ingest every filing under a folder and index the releases in memory (no files written). */
export async function buildFromCorpus(corpusDir: string): Promise<{ engine: Engine; releases: Release[]; skipped: Skipped[]; bytes: number }> {
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
  const releases = ingester.finalize(drafts);
  return { engine: await openEngine({ backend: 'memory', releases }), releases, skipped, bytes };
}
