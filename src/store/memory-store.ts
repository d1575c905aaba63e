import type { Release } from '../clean/release.js';
import { leadOf, type ReleaseLead } from './release-record.js';
import type { ReleaseStore } from './release-store.js';

/** A release store held in memory: for tests, benchmarks and one-off tools. */
export class MemoryStore implements ReleaseStore {
  private readonly byId = new Map<string, Release>();

  constructor(releases: Iterable<Release>) {
    for (const r of releases) this.byId.set(r.id, r);
  }

  get(id: string): Release | undefined {
    return this.byId.get(id);
  }

  lead(id: string): ReleaseLead | undefined {
    const r = this.byId.get(id);
    return r && leadOf(r);
  }

  set(release: Release): void {
    this.byId.set(release.id, release);
  }

  delete(id: string): void {
    this.byId.delete(id);
  }

  ids(): Iterable<string> {
    return this.byId.keys();
  }

  get size(): number {
    return this.byId.size;
  }
}
