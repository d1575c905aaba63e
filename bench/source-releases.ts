import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Release } from '../src/clean/release.js';
import { listCorpusFiles } from '../src/reindex/corpus-files.js';
import { createDefaultIngester } from '../src/reindex/default-ingester.js';

/** The shipped corpus's clean releases, which every benchmark's generated corpus is made from. */
export async function sourceReleases(root: string): Promise<Release[]> {
  const corpus = join(root, 'corpus');
  const ingester = await createDefaultIngester();
  const drafts: unknown[] = [];
  for (const f of listCorpusFiles(corpus)) drafts.push(...ingester.ingestFile(f, readFileSync(join(corpus, f))).drafts);
  return ingester.finalize(drafts);
}
