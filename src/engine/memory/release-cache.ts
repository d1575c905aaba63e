import type { Release } from '../../clean/release.js';
import type { LeadPart, ReleaseLead } from '../../store/release-record.js';
import type { ReleaseStore } from '../../store/release-store.js';

// Releases kept once read: a search's phrase checks, adjacency boost and snippets read the same
// best hits, and traffic repeats (the next page of the same query).
const MAX_ENTRIES = 1000;
// A read of more releases than this at once is a bulk read.
const BULK = 100;

/** A small LRU in front of one generation's release store (releases never change within one). */
export class ReleaseCache {
  private readonly read = new Map<string, Release | undefined>();

  constructor(private readonly store: ReleaseStore) {}

  get(id: string): Release | undefined {
    if (this.read.has(id)) {
      const r = this.read.get(id);
      this.read.delete(id);
      this.read.set(id, r);
      return r;
    }
    const release = this.store.get(id);
    this.read.set(id, release);
    if (this.read.size > MAX_ENTRIES) this.read.delete(this.read.keys().next().value!);
    return release;
  }

  /**
   * Many releases at once. A bulk read (an export's page of 1,000) reads what the cache lacks
   * straight from the store without keeping it: it would flush every release that searches
   * share, and churn the map for nothing.
   */
  getMany(ids: readonly string[]): (Release | undefined)[] {
    if (ids.length <= BULK) return ids.map((id) => this.get(id));
    return ids.map((id) => (this.read.has(id) ? this.read.get(id) : this.store.get(id)));
  }

  /** Leads (an export's rows), always from the store (so a row never depends on what was read before), never kept. */
  leads(ids: readonly string[], part: LeadPart): (ReleaseLead | undefined)[] {
    return ids.map((id) => this.store.lead(id, part));
  }
}
