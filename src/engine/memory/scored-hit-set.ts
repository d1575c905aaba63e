import type { DocTable } from './doc-table.js';
import type { FacetName, Order } from '../engine.js';
import { goesBefore, type EngineHit, type FacetCounts, type HitSet } from './engine-query.js';
import { facetCounts } from './facet-counts.js';
import type { DerivedTerm } from './match-query.js';
import type { Matches, MatchScratch } from './matches.js';

/**
 * The matches of a query as typed arrays; hits become objects only when asked for: the page
 * shown, the candidates of a phrase check. The best `k` are picked with a heap, so a common word's
 * 80,000 matches are never sorted. Its arrays are the engine's, reused by the next query: using a
 * set after a later query on the same engine throws rather than answer wrongly.
 */
export class ScoredHitSet implements HitSet {
  private readonly epoch: number;
  /** Each derived term's bit in the matches' masks: its query term's place among `queryTerms`. */
  private readonly bits: number[];

  constructor(
    private readonly matchesOfQuery: Matches,
    private readonly table: DocTable,
    private readonly derived: readonly DerivedTerm[],
    queryTerms: readonly string[],
    private readonly scratch: MatchScratch,
  ) {
    this.epoch = scratch.epoch;
    this.bits = derived.map((d) => 1 << queryTerms.indexOf(d.of));
  }

  private get matches(): Matches {
    if (this.scratch.epoch !== this.epoch) throw new Error('a hit set was used after a later query on the same engine');
    return this.matchesOfQuery;
  }

  get total(): number {
    return this.matches.docs.length;
  }

  top(k: number, order: Order): EngineHit[] {
    return this.topSlots(k, order).map((i) => this.hit(i));
  }

  boostTop(k: number, factor: (id: string, doc: number) => number): void {
    const { docs, scores } = this.matches;
    for (const i of this.topSlots(k, 'relevance')) scores[i] = scores[i]! * factor(this.table.ids[docs[i]!]!, docs[i]!);
  }

  /** The slots of the best `k` matches in an order, best first. */
  private topSlots(k: number, order: Order): number[] {
    const { docs, scores } = this.matches;
    const day = this.table.day;
    const { ids, idOrder } = this.table;
    // i before j in the order asked for; equal hits by release id: the same answer however the
    // index was built (release numbers depend on the order releases were added)
    const byId = (a: number, b: number): boolean => idOrder[a]! < idOrder[b]! || (idOrder[a] === idOrder[b] && ids[a]! < ids[b]!);
    const before = (i: number, j: number): boolean => goesBefore(order, scores[i]!, day[docs[i]!]!, scores[j]!, day[docs[j]!]!) ?? byId(docs[i]!, docs[j]!);
    // Most matches lose to the worst of the best n on the first key alone: a plain comparison
    // settles them before the full one.
    const clearlyWorse = (i: number, j: number): boolean => {
      if (order === 'relevance') return scores[i]! < scores[j]! * (1 - 1e-6);
      const a = day[docs[i]!]!;
      const b = day[docs[j]!]!;
      return order === 'date' ? a < b : a > b;
    };
    const n = Math.min(k, docs.length);
    if (n <= 0) return [];
    // a heap of the n best so far, the worst of them at the root
    const heap = new Int32Array(n);
    let size = 0;
    const down = (at: number): void => {
      for (;;) {
        const l = 2 * at + 1;
        const r = l + 1;
        let worst = at;
        if (l < size && before(heap[worst]!, heap[l]!)) worst = l;
        if (r < size && before(heap[worst]!, heap[r]!)) worst = r;
        if (worst === at) return;
        const t = heap[at]!;
        heap[at] = heap[worst]!;
        heap[worst] = t;
        at = worst;
      }
    };
    for (let i = 0; i < docs.length; i++) {
      if (size < n) {
        let at = size++;
        heap[at] = i;
        while (at > 0) {
          const parent = (at - 1) >> 1;
          if (!before(heap[parent]!, heap[at]!)) break;
          const t = heap[at]!;
          heap[at] = heap[parent]!;
          heap[parent] = t;
          at = parent;
        }
      } else if (!clearlyWorse(i, heap[0]!) && before(i, heap[0]!)) {
        heap[0] = i;
        down(0);
      }
    }
    return Array.from(heap).sort((i, j) => (before(i, j) ? -1 : before(j, i) ? 1 : 0));
  }

  facets(asked: readonly FacetName[] = [], listLimit?: number): FacetCounts {
    return facetCounts(this.table, this.matches.docs, asked, listLimit);
  }

  find(id: string): EngineHit | undefined {
    const { docs } = this.matches;
    const doc = this.table.numbers.get(id);
    if (doc === undefined) return undefined;
    let lo = 0;
    let hi = docs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (docs[mid] === doc) return this.hit(mid);
      if (docs[mid]! < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  private hit(i: number): EngineHit {
    const doc = this.matches.docs[i]!;
    const info = this.table.info[doc]!;
    const terms: string[] = [];
    const mask = this.matches.masks[i]!;
    // a term the release holds counts where its part of the query matched (MiniSearch's terms):
    // `the OR (of AND said)` marks no `of` in a release without `said`
    for (let k = 0; k < this.derived.length; k++) {
      const { term, data } = this.derived[k]!;
      if (terms.includes(term) || !(mask & this.bits[k]!)) continue;
      for (const posting of data.values()) {
        if (posting.has(doc)) {
          terms.push(term);
          break;
        }
      }
    }
    return { id: this.table.ids[doc]!, score: this.matches.scores[i]!, terms, company: info.company, date: info.date, day: this.table.day[doc]!, tickers: info.tickers, cik: info.cik, forms: info.forms, codes: info.codes, codeNames: info.codeNames, trials: info.trials, phases: info.phases };
  }
}
