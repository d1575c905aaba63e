import type { Manifest } from '../../store/manifest.js';
import { readChecked } from '../../store/checked-read.js';
import type { ReleaseStore } from '../../store/release-store.js';
import { IndexCorruptError, reasonOf } from '../../store/store-errors.js';
import { applyEngineDelta, readEngineDelta, type EngineDelta } from './engine-delta.js';
import { IndexFormatError, SearchEngine } from './search-engine.js';

/** What is wrong, without the folder (the folder is the caller's to say). */
function detailOf(err: unknown): string {
  return err instanceof IndexCorruptError ? err.detail : reasonOf(err);
}

/**
 * Check a generation's engine file and delta as a load would, without serving them: the engine
 * file's size and checksum, that it decodes into a term index, the delta's checksum, and (given
 * the store) that the delta applies and the engine then holds what the store holds. Returns what
 * is damaged, one line each (empty: sound).
 */
export function verifyEngineFile(indexDir: string, manifest: Manifest, store: ReleaseStore | undefined): string[] {
  const problems: string[] = [];
  const { engine: file, engineDelta } = manifest.data;
  let engine: SearchEngine | undefined;
  try {
    engine = SearchEngine.deserialize(readChecked(indexDir, file));
  } catch (err) {
    problems.push(err instanceof IndexFormatError ? `${file.name}: ${err.reason}` : detailOf(err));
  }
  let delta: EngineDelta | undefined;
  if (engineDelta) {
    try {
      delta = readEngineDelta(indexDir, engineDelta);
    } catch (err) {
      problems.push(detailOf(err));
    }
  }
  if (!engine || !store || (engineDelta && !delta)) return problems;
  try {
    if (delta) applyEngineDelta(indexDir, engine, delta, (id) => store.get(id));
    if (engine.size !== store.size) problems.push(`the store holds ${store.size} releases, the search index ${engine.size}`);
  } catch (err) {
    problems.push(detailOf(err));
  }
  return problems;
}
