import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { removeUnused } from '../../store/orphan-files.js';
import { writeEngineDelta, type EngineDelta } from './engine-delta.js';
import { writeIngestState } from '../../store/ingest-state-file.js';
import { INDEX_FORMAT_VERSION, writeManifest, type DataFile, type FileEntry, type Manifest } from '../../store/manifest.js';
import type { Release } from '../../clean/release.js';
import { updateReleaseStore, writeReleaseStore, type PreviousStore, type StoreEntry } from '../../store/release-store-file.js';
import { TOKENIZER_VERSION } from '../../analysis/terms.js';

/** What a new generation of the index consists of. */
export interface NewGeneration {
  /** Its name, when data files were already written under it (newGenerationName). */
  generation?: string;
  corpusDir: string;
  code: string;
  files: Record<string, FileEntry>;
  counts: Manifest['counts'];
  /** The whole engine file, or the previous one kept with a delta over it. */
  engine: { file: Uint8Array[] } | { base: DataFile; delta: EngineDelta } | { written: DataFile };
  /** Every release (unchanged ones by id and hash), or only what changed since `previous`. */
  store:
    | { written: { storeData: DataFile[]; storeTable: DataFile } }
    | { entries: readonly StoreEntry[]; previous?: PreviousStore | undefined }
    | { previous: PreviousStore; upserts: readonly { id: string; hash: string; release: Release }[]; removed: readonly string[] };
  /** The ingester's finalize state (undefined: none to keep). */
  ingestState?: unknown;
}

/** A new generation's name: its data files are named after it. */
export const newGenerationName = (): string => `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/**
 * Write a generation's data files, then its manifest (the moment it becomes visible), then delete
 * what no generation uses any more. The caller holds the index lock.
 */
export function writeGeneration(indexDir: string, g: NewGeneration): Manifest {
  const generation = g.generation ?? newGenerationName();
  let engine: DataFile;
  let engineDelta: DataFile | undefined;
  if ('written' in g.engine) engine = g.engine.written;
  else if ('file' in g.engine) {
    const name = `engine-${generation}.bin`;
    engine = { name, bytes: writeFileAtomic(indexDir, name, g.engine.file) };
  } else {
    engine = g.engine.base;
    if (g.engine.delta.added.length + g.engine.delta.removed.length > 0) engineDelta = writeEngineDelta(indexDir, `engine-${generation}.delta`, g.engine.delta);
  }
  // unchanged releases stay in the data files they are in: an update writes only what changed
  const store = 'written' in g.store
    ? g.store.written
    : 'entries' in g.store
    ? writeReleaseStore(indexDir, generation, g.store.entries, g.store.previous)
    : updateReleaseStore(indexDir, generation, g.store.previous, g.store.upserts, g.store.removed);
  const finalize = g.ingestState === undefined ? undefined : writeIngestState(indexDir, `finalize-${generation}.state`, g.ingestState);
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    tokenizerVersion: TOKENIZER_VERSION,
    codeVersion: g.code,
    builtAt: new Date().toISOString(),
    generation,
    options: { corpusDir: g.corpusDir },
    counts: g.counts,
    files: g.files,
    data: { engine, ...(engineDelta ? { engineDelta } : {}), ...store, ...(finalize ? { finalize } : {}) },
  };
  writeManifest(indexDir, manifest);
  cleanOldGenerations(indexDir, manifest);
  return manifest;
}

/** Delete data files of other generations and debris of interrupted writes (we hold the lock). */
function cleanOldGenerations(indexDir: string, manifest: Manifest): void {
  removeUnused(indexDir, manifest);
}
