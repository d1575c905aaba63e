import { applyEngineDelta, readEngineDelta } from './engine-delta.js';
import { IndexCorruptError, IndexVersionError } from '../../store/store-errors.js';
import type { LoadedIndex } from './loaded-index.js';
import { readManifest, type Manifest } from '../../store/manifest.js';
import { FileReleaseStore, readChecked, readCheckedAsync } from '../../store/release-store-file.js';
import { IndexFormatError, SearchEngine } from './search-engine.js';

/** A loaded index plus what the loader needs to manage it (its manifest, a way to free the store). */
export interface OpenedIndex extends LoadedIndex {
  manifest: Manifest;
  store: FileReleaseStore;
  close(): void;
}

/**
 * Load the index in `indexDir`: manifest, search engine (in memory) and release store (read lazily).
 * Throws IndexMissingError, IndexVersionError or IndexCorruptError with a message naming the fix.
 */
export async function loadIndex(indexDir: string): Promise<OpenedIndex> {
  const manifest = readManifest(indexDir);
  try {
    return await openGenerationAsync(indexDir, manifest);
  } catch (err) {
    // A reindex may have replaced the generation between reading the manifest and opening its
    // files (the old files are then deleted): read the new manifest and try once more.
    if (!(err instanceof IndexCorruptError)) throw err;
    const again = readManifest(indexDir);
    if (again.generation === manifest.generation) throw err;
    return openGenerationAsync(indexDir, again);
  }
}

/** The same as loadIndex, synchronously (the engine file is read in one blocking call). */
export function openIndex(indexDir: string): OpenedIndex {
  const manifest = readManifest(indexDir);
  try {
    return assemble(indexDir, manifest, readChecked(indexDir, manifest.data.engine));
  } catch (err) {
    if (!(err instanceof IndexCorruptError)) throw err;
    const again = readManifest(indexDir);
    if (again.generation === manifest.generation) throw err;
    return assemble(indexDir, again, readChecked(indexDir, again.data.engine));
  }
}

// Reading the (large) engine file without blocking lets a server keep answering meanwhile; the
// store's table is read and indexed while the engine file is still coming in.
async function openGenerationAsync(indexDir: string, manifest: Manifest): Promise<OpenedIndex> {
  const reading = readCheckedAsync(indexDir, manifest.data.engine);
  let store: FileReleaseStore;
  try {
    store = FileReleaseStore.open(indexDir, manifest.data.storeData, manifest.data.storeTable);
  } catch (err) {
    await reading.catch(() => undefined);
    throw err;
  }
  try {
    return assemble(indexDir, manifest, await reading, store);
  } catch (err) {
    store.close();
    throw err;
  }
}

function assemble(indexDir: string, manifest: Manifest, engineBytes: Uint8Array, opened?: FileReleaseStore): OpenedIndex {
  const store = opened ?? FileReleaseStore.open(indexDir, manifest.data.storeData, manifest.data.storeTable);
  let engine: SearchEngine;
  try {
    engine = engineOf(indexDir, manifest, engineBytes, store);
  } catch (err) {
    store.close();
    throw err;
  }
  return {
    engine,
    store,
    manifest,
    info: { builtAt: manifest.builtAt, releases: store.size, generation: manifest.generation },
    close: () => store.close(),
  };
}

/** A generation's search engine, with its delta applied (the store gives the releases it adds). */
export function loadEngine(indexDir: string, manifest: Manifest, store: FileReleaseStore): SearchEngine {
  return engineOf(indexDir, manifest, readChecked(indexDir, manifest.data.engine), store);
}

function engineOf(indexDir: string, manifest: Manifest, bytes: Uint8Array, store: FileReleaseStore): SearchEngine {
  const engine = deserializeEngine(indexDir, manifest, bytes);
  if (manifest.data.engineDelta) applyEngineDelta(indexDir, engine, readEngineDelta(indexDir, manifest.data.engineDelta), (id) => store.get(id));
  if (store.size !== engine.size) throw new IndexCorruptError(indexDir, `the store holds ${store.size} releases, the search index ${engine.size}`);
  return engine;
}

function deserializeEngine(indexDir: string, manifest: Manifest, bytes: Uint8Array): SearchEngine {
  try {
    return SearchEngine.deserialize(bytes);
  } catch (err) {
    if (err instanceof IndexFormatError && err.kind === 'version') throw new IndexVersionError(indexDir, `has a search index of another version (${err.reason})`);
    const why = err instanceof IndexFormatError ? err.reason : (err as Error).message;
    throw new IndexCorruptError(indexDir, `${manifest.data.engine.name} cannot be loaded (${why})`);
  }
}
