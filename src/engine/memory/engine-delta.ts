import { Packr } from 'msgpackr';
import type { Release } from '../../clean/release.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { sealed, unsealed } from '../../store/checksum.js';
import { IndexCorruptError } from '../../store/store-errors.js';
import type { DataFile } from '../../store/manifest.js';
import { readChecked } from '../../store/release-store-file.js';
import type { SearchEngine } from './search-engine.js';

const packr = new Packr({ useRecords: false, variableMapSize: true });

/**
 * The releases an engine file lacks or has out of date, kept beside it so that adding a filing
 * writes a few releases instead of the whole engine: at load, `removed` (as the engine file has
 * them, so their postings can be taken out exactly) leave the engine, and `added` come in from the
 * release store.
 */
export interface EngineDelta {
  removed: Release[];
  added: string[];
}

/**
 * Past this many releases in the delta, a reindex writes the engine whole again: each one costs
 * its indexing at every load (1.5-2 ms at 100k releases: 250 add about half a second to 2.3 s).
 */
export const MAX_DELTA_RELEASES = 250;

/**
 * The delta after releases `changed` (new or updated) and `removed`; `indexed` gives a release as
 * the index had it before (undefined: it had none).
 */
export function extendDelta(
  prev: EngineDelta | undefined,
  changed: readonly string[],
  removed: readonly string[],
  indexed: (id: string) => Release | undefined,
): EngineDelta {
  const fromFile = new Map((prev?.removed ?? []).map((r) => [r.id, r]));
  const sinceFile = new Set(prev?.added);
  const gone = new Set([...changed, ...removed]);
  for (const id of gone) {
    // what the engine file has: a release first seen since it was written is not in it
    if (fromFile.has(id) || sinceFile.has(id)) continue;
    const old = indexed(id);
    if (old) fromFile.set(id, old);
  }
  const added = (prev?.added ?? []).filter((id) => !gone.has(id));
  return { removed: [...fromFile.values()], added: [...added, ...changed] };
}

export function deltaSize(d: EngineDelta): number {
  return d.removed.length + d.added.length;
}

export function writeEngineDelta(indexDir: string, name: string, delta: EngineDelta): DataFile {
  return { name, bytes: writeFileAtomic(indexDir, name, sealed(packr.pack(delta))) };
}

export function readEngineDelta(indexDir: string, file: DataFile): EngineDelta {
  const bytes = unsealed(indexDir, file.name, readChecked(indexDir, file));
  let d: EngineDelta;
  try {
    d = packr.unpack(bytes) as EngineDelta;
  } catch (err) {
    throw new IndexCorruptError(indexDir, `${file.name} cannot be decoded (${(err as Error).message})`);
  }
  if (!Array.isArray(d?.removed) || !Array.isArray(d.added)) throw new IndexCorruptError(indexDir, `${file.name} is inconsistent`);
  return d;
}

/** Bring an engine loaded from its file up to date with the delta. */
export function applyEngineDelta(indexDir: string, engine: SearchEngine, delta: EngineDelta, get: (id: string) => Release | undefined): void {
  for (const release of delta.removed) engine.unindex(release);
  for (const id of delta.added) {
    const release = get(id);
    if (!release) throw new IndexCorruptError(indexDir, `release ${id} of the engine's delta is not in the store`);
    engine.add(release);
  }
}
