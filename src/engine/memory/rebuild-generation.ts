import type { Release } from '../../clean/release.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import type { Manifest } from '../../store/manifest.js';
import { ReleaseStoreWriter } from '../../store/release-store-writer.js';
import type { CommitMeta } from '../engine.js';
import { EngineBuilder } from './engine-builder.js';
import { SegmentPool, segmentWorkersAvailable } from './segment-pool.js';
import { newGenerationName, writeGeneration } from './write-generation.js';
import { runTaker } from './run-taker.js';

// Releases analyzed at once, in this thread or a worker's: small enough that a run in flight costs
// little memory, large enough that sending it is cheap beside analyzing it.
const RUN = 2_000;
// Fewer releases than this are analyzed in this thread alone: a worker costs more than it saves.
const MIN_RELEASES = 2_000;

/** One release of a rebuild; `release` is let go of once it is written. */
interface Entry {
  id: string;
  hash: string;
  release: Release | undefined;
}

/**
 * A full build's generation, written as it goes: the releases, in order, run by run, are packed
 * into the store's data file and analyzed into the engine's rows (by this thread and `workers - 1`
 * worker threads), and each is let go of once both are done, so the corpus
 * is not held twice (as releases and as encoded records or rows). `upserts` is emptied (the caller
 * gives them up); the last of several upserts of one id wins, in the place of the first. The files
 * are byte for byte those of building the engine and writing the store from the whole list.
 */
export async function rebuildGeneration(indexDir: string, upserts: { release: Release; hash: string }[], meta: CommitMeta, workers: number): Promise<Manifest> {
  const byId = new Map<string, Entry>();
  for (const u of upserts) {
    const e = byId.get(u.release.id);
    if (e) e.release = u.release;
    else byId.set(u.release.id, { id: u.release.id, hash: u.hash, release: u.release });
    if (e) e.hash = u.hash;
  }
  upserts.length = 0;
  const entries = [...byId.values()];
  byId.clear();
  const generation = newGenerationName();
  const store = new ReleaseStoreWriter(indexDir, generation);
  const threads = entries.length < MIN_RELEASES || !segmentWorkersAvailable() ? 0 : Math.max(0, Math.min(workers, 16) - 1);
  const pool = threads > 0 ? new SegmentPool(threads) : undefined;
  try {
    const builder = new EngineBuilder();
    const runs = Math.ceil(entries.length / RUN);
    const releasesOf = (k: number) => entries.slice(k * RUN, (k + 1) * RUN).map((e) => e.release!);
    const next = runTaker(runs, threads, pool, releasesOf);
    for (let k = 0; k < runs; k++) {
      if (!pool) for (const r of releasesOf(k)) builder.add(r);
      else builder.addSegment(await next(k));
      for (let i = k * RUN; i < Math.min(entries.length, (k + 1) * RUN); i++) {
        const e = entries[i]!;
        store.add(e.id, e.hash, e.release!);
        e.release = undefined;
      }
    }
    const count = entries.length;
    entries.length = 0;
    const engineName = `engine-${generation}.bin`;
    const engineBytes = writeFileAtomic(indexDir, engineName, builder.toFile());
    const written = store.finish();
    return writeGeneration(indexDir, {
      generation,
      corpusDir: meta.corpusDir,
      code: meta.code,
      files: meta.files,
      counts: { ...meta.counts, releases: count },
      ingestState: meta.ingestState,
      engine: { written: { name: engineName, bytes: engineBytes } },
      store: { written },
    });
  } catch (err) {
    store.abort();
    throw err;
  } finally {
    await pool?.close();
  }
}
