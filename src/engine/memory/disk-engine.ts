import type { Release } from '../../clean/release.js';
import type { LeadPart, ReleaseLead } from '../../store/release-record.js';
import { readManifest } from '../../store/manifest.js';
import { IndexMissingError } from '../../store/store-errors.js';
import type { CommitMeta, Engine, EngineAnswer, EngineChanges, EngineSearch, EngineStats, TermDictionary } from '../engine.js';
import { commitGeneration, type Staged } from './commit-generation.js';
import { LiveIndex, type IndexLogger } from './live-index.js';
import type { LoadedIndex } from './loaded-index.js';
import { buildMemoryIndex } from './memory-engine.js';
import { memoryTerms } from './memory-terms.js';
import { ReleaseCache } from './release-cache.js';
import { searchIndex } from './search-index.js';

const EMPTY = buildMemoryIndex([], '');

export interface DiskEngineOptions {
  /** Swap in new generations written by another process (a reindex) as they appear. */
  watch?: boolean;
  /** Do not load the index until it is first searched (a writer that only commits). */
  lazy?: boolean;
  logger?: IndexLogger;
  /** How long a replaced generation's store stays open for searches that still use it. */
  graceMs?: number;
  /** Threads that analyze the releases of a full build (default 1: this one alone). */
  buildWorkers?: number;
}

/**
 * The in-process engine over an index folder: the term index in memory (typed-array postings
 * read from the engine file), releases read lazily from the store. Each search runs on the
 * generation current when it starts; a commit writes the next one and swaps it in.
 */
export class DiskEngine implements Engine {
  readonly terms: TermDictionary;
  private readonly live: LiveIndex;
  private readonly caches = new WeakMap<LoadedIndex, ReleaseCache>();
  private staged: Staged = { upserts: [], removals: [], rebuild: false };

  private readonly lazy: boolean;
  private readonly buildWorkers: number;

  private constructor(private readonly indexDir: string, opts: DiskEngineOptions) {
    this.lazy = opts.lazy ?? false;
    this.buildWorkers = opts.buildWorkers ?? 1;
    this.live = new LiveIndex(indexDir, { ...(opts.logger ? { logger: opts.logger } : {}), ...(opts.graceMs !== undefined ? { graceMs: opts.graceMs } : {}) });
    this.terms = memoryTerms(() => this.current());
  }

  /** Open the index in `indexDir`; unless lazy, load it now (throwing its typed error when it cannot be). */
  static async open(indexDir: string, opts: DiskEngineOptions = {}): Promise<DiskEngine> {
    const engine = new DiskEngine(indexDir, opts);
    if (!opts.lazy) await engine.current();
    if (opts.watch) engine.live.watch();
    return engine;
  }

  refresh(): Promise<void> {
    return this.live.reload();
  }

  private async current(): Promise<LoadedIndex> {
    if (!this.live.current) await this.live.reload();
    const index = this.live.current;
    if (index) return index;
    // a folder nothing was committed to yet holds no releases (opened lazily, as a first reindex does)
    if (this.lazy && this.live.lastError instanceof IndexMissingError) return EMPTY;
    throw this.live.lastError ?? new Error(`no index could be loaded from ${this.indexDir}`);
  }

  private reader(index: LoadedIndex): ReleaseCache {
    let cache = this.caches.get(index);
    if (!cache) {
      cache = new ReleaseCache(index.store);
      this.caches.set(index, cache);
    }
    return cache;
  }

  async search(req: EngineSearch): Promise<EngineAnswer> {
    const index = await this.current();
    const cache = this.reader(index);
    return searchIndex(index, (id) => cache.get(id), req);
  }

  async releases(ids: readonly string[]): Promise<(Release | undefined)[]> {
    const cache = this.reader(await this.current());
    return cache.getMany(ids);
  }

  async leads(ids: readonly string[], part: LeadPart): Promise<(ReleaseLead | undefined)[]> {
    return this.reader(await this.current()).leads(ids, part);
  }

  stats(): EngineStats {
    const info = this.live.current?.info;
    if (info) return { backend: 'memory', releases: info.releases, builtAt: info.builtAt, generation: info.generation };
    try {
      const m = readManifest(this.indexDir);
      return { backend: 'memory', releases: m.counts.releases, builtAt: m.builtAt, generation: m.generation };
    } catch {
      return { backend: 'memory', releases: 0, builtAt: '', generation: '' };
    }
  }

  async apply(changes: EngineChanges, opts: { rebuild?: boolean } = {}): Promise<void> {
    if (opts.rebuild) this.staged = { upserts: [], removals: [], rebuild: true };
    // not push(...): a full build stages a million releases, beyond a call's arguments
    for (const u of changes.upserts) this.staged.upserts.push(u);
    for (const id of changes.removals) this.staged.removals.push(id);
  }

  /** Write the staged changes as the next generation (the caller holds the index lock), then serve it. */
  async commit(meta: CommitMeta): Promise<EngineStats> {
    const staged = this.staged;
    this.staged = { upserts: [], removals: [], rebuild: false };
    const manifest = await commitGeneration(this.indexDir, staged, meta, this.buildWorkers);
    if (this.live.current) await this.live.reload();
    return { backend: 'memory', releases: manifest.counts.releases, builtAt: manifest.builtAt, generation: manifest.generation };
  }

  async close(): Promise<void> {
    this.live.close();
  }
}
