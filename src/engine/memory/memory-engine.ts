import type { Release } from '../../clean/release.js';
import { MemoryStore } from '../../store/memory-store.js';
import type { LeadPart, ReleaseLead } from '../../store/release-record.js';
import type { CommitMeta, Engine, EngineAnswer, EngineChanges, EngineSearch, EngineStats, TermDictionary } from '../engine.js';
import type { LoadedIndex } from './loaded-index.js';
import { memoryTerms } from './memory-terms.js';
import { ReleaseCache } from './release-cache.js';
import { searchIndex } from './search-index.js';
import { SearchEngine } from './search-engine.js';

/** Index releases in memory, without touching the disk. */
export function buildMemoryIndex(releases: readonly Release[], builtAt = new Date().toISOString()): LoadedIndex {
  const store = new MemoryStore(releases);
  const engine = SearchEngine.create();
  for (const r of store.ids()) engine.add(store.get(r)!);
  return { engine, store, info: { builtAt, releases: store.size, generation: 'memory-0' } };
}

/**
 * The in-process engine with nothing on disk: for tests, evaluation and one-off tools. A commit
 * edits the term index in place (each release taken out exactly as it was added).
 */
export class MemoryEngine implements Engine {
  readonly terms: TermDictionary;
  private cache: ReleaseCache;
  private staged: { changes: EngineChanges[]; rebuild: boolean } = { changes: [], rebuild: false };
  private commits = 0;

  private constructor(private index: LoadedIndex) {
    this.cache = new ReleaseCache(index.store);
    this.terms = memoryTerms(async () => this.index);
  }

  static fromReleases(releases: readonly Release[]): MemoryEngine {
    return new MemoryEngine(buildMemoryIndex(releases));
  }

  /** An engine over a generation already loaded (a benchmark measuring the term index alone); commits need a MemoryStore. */
  static over(index: LoadedIndex): MemoryEngine {
    return new MemoryEngine(index);
  }

  /** The generation searched now (for tests of the term index itself). */
  get loaded(): LoadedIndex {
    return this.index;
  }

  async search(req: EngineSearch): Promise<EngineAnswer> {
    return searchIndex(this.index, (id) => this.cache.get(id), req);
  }

  async releases(ids: readonly string[]): Promise<(Release | undefined)[]> {
    return this.cache.getMany(ids);
  }

  async leads(ids: readonly string[], part: LeadPart): Promise<(ReleaseLead | undefined)[]> {
    return this.cache.leads(ids, part);
  }

  stats(): EngineStats {
    const { info } = this.index;
    return { backend: 'memory', releases: this.index.store.size, builtAt: info.builtAt, generation: info.generation };
  }

  async apply(changes: EngineChanges, opts: { rebuild?: boolean } = {}): Promise<void> {
    if (opts.rebuild) this.staged = { changes: [], rebuild: true };
    this.staged.changes.push(changes);
  }

  async commit(_meta: CommitMeta): Promise<EngineStats> {
    void _meta;
    const { changes, rebuild } = this.staged;
    this.staged = { changes: [], rebuild: false };
    const builtAt = new Date().toISOString();
    const generation = `memory-${++this.commits}`;
    if (rebuild) {
      const index = buildMemoryIndex(changes.flatMap((c) => c.upserts.map((u) => u.release)), builtAt);
      this.index = { ...index, info: { ...index.info, generation } };
    } else {
      const { engine, store } = this.index;
      if (!(store instanceof MemoryStore)) throw new Error('MemoryEngine.over serves a generation read from disk and cannot commit to it; open the index folder with openEngine to write');
      for (const c of changes) {
        for (const id of c.removals) {
          const old = store.get(id);
          if (old) engine.unindex(old);
          store.delete(id);
        }
        for (const { release } of c.upserts) {
          const old = store.get(release.id);
          if (old) engine.unindex(old);
          engine.add(release);
          store.set(release);
        }
      }
      this.index = { engine, store, info: { builtAt, releases: store.size, generation } };
    }
    this.cache = new ReleaseCache(this.index.store);
    return this.stats();
  }

  async refresh(): Promise<void> {}

  async close(): Promise<void> {}
}
