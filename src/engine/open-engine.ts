import type { Release } from '../clean/release.js';
import type { Engine } from './engine.js';
import { DiskEngine, type DiskEngineOptions } from './memory/disk-engine.js';
import { MemoryEngine } from './memory/memory-engine.js';

/** Which backend to open, and where its data lives. */
export type EngineConfig =
  /** The in-process engine over an index folder (the default): loads lazily, optionally watches for new generations. */
  | ({ backend: 'memory'; indexDir: string } & DiskEngineOptions)
  /** The in-process engine with nothing on disk (tests, eval, one-off tools): commits stay in memory. */
  | { backend: 'memory'; indexDir?: undefined; releases?: readonly Release[] };

/**
 * The composition root: the one place that knows the backends. Everything else holds an `Engine`.
 * A second backend plugs in here (a case of `EngineConfig` and a branch below).
 */
export async function openEngine(config: EngineConfig): Promise<Engine> {
  if (config.indexDir === undefined) return MemoryEngine.fromReleases(config.releases ?? []);
  const { backend: _backend, indexDir, ...opts } = config;
  void _backend;
  return DiskEngine.open(indexDir, opts);
}
