import { join } from 'node:path';
import type { Release } from '../../src/clean/release.js';
import { buildMemoryIndex } from '../../src/store/memory-store.js';
import type { LoadedIndex } from '../../src/store/release-store.js';
import { filesUnder, ingest, INGEST } from './ingest-fixtures.js';

let cached: { index: LoadedIndex; releases: Release[] } | undefined;

/** The seed releases, ingested for real and indexed in memory (built once per test file). */
export function seedIndex(): { index: LoadedIndex; releases: Release[] } {
  if (!cached) {
    const { releases } = ingest(filesUnder(join(INGEST, 'seeds')));
    cached = { index: buildMemoryIndex(releases), releases };
  }
  return cached;
}
