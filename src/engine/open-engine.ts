import type { Release } from '../clean/release.js';
import type { Manifest } from '../store/manifest.js';
import type { ReleaseStore } from '../store/release-store.js';
import type { Engine } from './engine.js';
import { DiskEngine, type DiskEngineOptions } from './memory/disk-engine.js';
import { MemoryEngine } from './memory/memory-engine.js';
import { verifyEngineFile } from './memory/verify-engine.js';
import { PostgresEngine, type PostgresEngineOptions } from './postgres/postgres-engine.js';

/** Which backend to open, and where its data lives. */
export type EngineConfig =
  /** The in-process engine over an index folder (the default): loads lazily, optionally watches for new generations. */
  | ({ backend: 'memory'; indexDir: string } & DiskEngineOptions)
  /** The in-process engine with nothing on disk (tests, eval, one-off tools): commits stay in memory. */
  | { backend: 'memory'; indexDir?: undefined; releases?: readonly Release[] }
  /** PostgreSQL: the releases, terms and commit records in a database schema, shared by every process that opens it. */
  | ({ backend: 'postgres' } & PostgresEngineOptions);

/** The backends `--engine` names. */
export const BACKENDS = ['memory', 'postgres'] as const;
export type BackendName = (typeof BACKENDS)[number];

/**
 * The composition root: the one place that knows the backends. Everything else holds an `Engine`.
 * A second backend plugs in here (a case of `EngineConfig` and a branch below).
 */
export async function openEngine(config: EngineConfig): Promise<Engine> {
  if (config.backend === 'postgres') {
    const { backend: _pg, ...opts } = config;
    void _pg;
    return PostgresEngine.open(opts);
  }
  if (config.indexDir === undefined) return MemoryEngine.fromReleases(config.releases ?? []);
  const { backend: _backend, indexDir, ...opts } = config;
  void _backend;
  return DiskEngine.open(indexDir, opts);
}

/**
 * Check the engine's own files of a generation (for `reindex --verify`): what is damaged, one line
 * each, empty when sound. `store`, when it could be opened, lets the check see that the engine and
 * the store agree. A second backend answers for its own files here.
 */
export function verifyEngineData(indexDir: string, manifest: Manifest, store: ReleaseStore | undefined): string[] {
  return verifyEngineFile(indexDir, manifest, store);
}
