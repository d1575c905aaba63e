import type { Release } from '../../clean/release.js';
import { deltaSize, extendDelta, MAX_DELTA_RELEASES, readEngineDelta } from './engine-delta.js';
import { loadEngine } from './load-index.js';
import type { Manifest } from '../../store/manifest.js';
import type { FileReleaseStore } from '../../store/release-store-file.js';
import type { NewGeneration } from './write-generation.js';

/**
 * The engine after an update of the generation `old` (whose store is `store`): its engine file
 * kept with a longer delta while that stays small, else the engine loaded, edited in place and
 * written whole (which empties the delta).
 */
export function nextEngine(
  indexDir: string,
  old: Manifest,
  store: FileReleaseStore,
  changed: readonly Release[],
  removed: readonly string[],
): NewGeneration['engine'] {
  const previous = old.data.engineDelta ? readEngineDelta(indexDir, old.data.engineDelta) : undefined;
  const delta = extendDelta(previous, changed.map((r) => r.id), removed, (id) => (store.hashOf(id) === undefined ? undefined : store.get(id)));
  if (deltaSize(delta) <= MAX_DELTA_RELEASES) return { base: old.data.engine, delta };
  const engine = loadEngine(indexDir, old, store);
  for (const id of removed) engine.remove(id);
  for (const release of changed) {
    engine.remove(release.id);
    engine.add(release);
  }
  return { file: engine.serialize() };
}
