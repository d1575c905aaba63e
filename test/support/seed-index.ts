import { join } from 'node:path';
import type { Release } from '../../src/clean/release.js';
import type { Engine } from '../../src/engine/engine.js';
import type { LoadedIndex } from '../../src/engine/memory/loaded-index.js';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { filesUnder, ingest, INGEST } from './ingest-fixtures.js';

let cached: { engine: Engine; index: LoadedIndex; releases: Release[] } | undefined;

/**
 * The seed releases, ingested for real and indexed in memory (built once per test file): `engine`
 * for the search service, `index` for tests of the memory backend's term index itself.
 */
export function seedIndex(): { engine: Engine; index: LoadedIndex; releases: Release[] } {
  if (!cached) {
    const { releases } = ingest(filesUnder(join(INGEST, 'seeds')));
    const engine = MemoryEngine.fromReleases(releases);
    cached = { engine, index: engine.loaded, releases };
  }
  return cached;
}
