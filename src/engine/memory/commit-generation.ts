import { readManifest, type Manifest } from '../../store/manifest.js';
import { FileReleaseStore } from '../../store/release-store-file.js';
import { IndexMissingError } from '../../store/store-errors.js';
import type { CommitMeta, EngineChanges } from '../engine.js';
import { rebuildGeneration } from './rebuild-generation.js';
import { nextEngine } from './next-engine.js';
import { writeGeneration, type NewGeneration } from './write-generation.js';

/** What is staged for the next commit of an on-disk engine. */
export interface Staged {
  upserts: EngineChanges['upserts'][number][];
  removals: string[];
  /** The upserts are the whole corpus: nothing of the current generation is kept. */
  rebuild: boolean;
}

/** The generation to build on, or undefined when there is none (an unreadable one is the caller's to report). */
function currentManifest(indexDir: string): Manifest | undefined {
  try {
    return readManifest(indexDir);
  } catch (err) {
    if (err instanceof IndexMissingError) return undefined;
    throw err;
  }
}

/**
 * Write staged changes as the next generation of the index folder (the caller holds its lock):
 * a rebuild writes a new engine file and store (and empties `staged.upserts` as it does); an update keeps the engine file with a longer
 * delta while that stays small, and writes only the changed releases to the store. A rebuild's
 * releases are analyzed by `workers` threads.
 */
export async function commitGeneration(indexDir: string, staged: Staged, meta: CommitMeta, workers = 1): Promise<Manifest> {
  const old = staged.rebuild ? undefined : currentManifest(indexDir);
  // a full build streams the releases into the store and the engine, letting go of each as it goes
  if (!old) return rebuildGeneration(indexDir, staged.upserts, meta, workers);
  // the last of several upserts of one id wins
  const entries = [...new Map(staged.upserts.map(({ release, hash }) => [release.id, { id: release.id, hash, release }])).values()];
  const common = (releases: number) => ({ corpusDir: meta.corpusDir, code: meta.code, files: meta.files, counts: { ...meta.counts, releases }, ingestState: meta.ingestState });
  // the store's table is read once: for the delta, the count and the update
  const store = FileReleaseStore.open(indexDir, old.data.storeData, old.data.storeTable);
  let engine: NewGeneration['engine'];
  let releases: number;
  let removals: string[];
  const previous = { table: store.table, dataFiles: old.data.storeData };
  try {
    // the engine counts what it holds: the bookkeeping it is given is the caller's
    const upserted = new Set(entries.map((e) => e.id));
    removals = staged.removals.filter((id) => !upserted.has(id));
    const added = entries.filter((e) => store.hashOf(e.id) === undefined).length;
    releases = store.size + added - new Set(removals.filter((id) => store.hashOf(id) !== undefined)).size;
    engine = nextEngine(indexDir, old, store, entries.map((e) => e.release), removals);
  } finally {
    store.close();
  }
  return writeGeneration(indexDir, { ...common(releases), engine, store: { previous, upserts: entries, removed: removals } });
}
