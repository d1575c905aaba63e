import type { Release } from '../../clean/release.js';
import { analyzeRelease, ENGINE_FIELDS, storedFields } from './analyze-release.js';

/**
 * What the bulk builder needs of a run of consecutive releases, computed apart from the builder
 * (in a worker, for a share of the corpus): each release's analysis, counted into rows with terms
 * numbered locally in order of first occurrence. `EngineBuilder.addSegment` replays the rows in
 * order, numbering the terms for the whole corpus as `add` would have, so segments of any size
 * give the same engine file as adding the releases one by one.
 */
export interface EngineSegment {
  ids: string[];
  stored: Record<string, unknown>[];
  /** Local term numbers' terms. */
  terms: string[];
  /** Per row: local term · fields + field, the release (0 = the segment's first), the frequency. */
  keys: Int32Array;
  docs: Int32Array;
  freqs: Int32Array;
  /** Per release and field: its distinct terms. */
  lengths: Int32Array;
  /** Display forms, first occurrence of each term first. */
  display: [string, string][];
  /** Every release's pair filter, one after another; release i's is filters[filterStarts[i], filterStarts[i + 1]). */
  filters: Uint32Array;
  filterStarts: Int32Array;
}

/** A growable Int32Array (segments are built in one go: doubling is fine). */
class Ints {
  a = new Int32Array(1 << 12);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Int32Array {
    return this.a.slice(0, this.n);
  }
}

/** Analyze and count a run of releases (pure; the rows in the order `EngineBuilder.add` makes them). */
export function analyzeSegment(releases: readonly Release[]): EngineSegment {
  const fields = ENGINE_FIELDS.length;
  const ids: string[] = [];
  const stored: Record<string, unknown>[] = [];
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  const keys = new Ints();
  const docs = new Ints();
  const freqs = new Ints();
  const lengths = new Int32Array(releases.length * fields);
  const display = new Map<string, string>();
  const filters: Uint32Array[] = [];
  releases.forEach((release, doc) => {
    const a = analyzeRelease(release);
    ids.push(a.id);
    stored.push(storedFields(a));
    for (const [term, written] of a.display) if (!display.has(term)) display.set(term, written);
    filters.push(a.pairFilter);
    [a.titleTerms, a.bodyTerms].forEach((list, field) => {
      const counts = new Map<string, number>();
      for (const t of list) counts.set(t, (counts.get(t) ?? 0) + 1);
      lengths[doc * fields + field] = counts.size;
      for (const [term, freq] of counts) {
        if (!term) continue;
        let id = termIds.get(term);
        if (id === undefined) {
          id = terms.length;
          termIds.set(term, id);
          terms.push(term);
        }
        keys.push(id * fields + field);
        docs.push(doc);
        freqs.push(freq);
      }
    });
  });
  const filterStarts = new Int32Array(filters.length + 1);
  filters.forEach((f, i) => (filterStarts[i + 1] = filterStarts[i]! + f.length));
  const all = new Uint32Array(filterStarts[filters.length]!);
  filters.forEach((f, i) => all.set(f, filterStarts[i]!));
  return { ids, stored, terms, keys: keys.done(), docs: docs.done(), freqs: freqs.done(), lengths, display: [...display], filters: all, filterStarts };
}

/** The typed arrays of a segment, to transfer rather than copy between threads. */
export const segmentBuffers = (s: EngineSegment): ArrayBuffer[] => [s.keys, s.docs, s.freqs, s.lengths, s.filters, s.filterStarts].map((a) => a.buffer as ArrayBuffer);
