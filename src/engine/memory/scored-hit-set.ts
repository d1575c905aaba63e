import type { DocTable } from './doc-table.js';
import type { FacetName, Order } from '../engine.js';
import { goesBefore, type EngineHit, type FacetCounts, type HitSet } from './engine-query.js';
import { facetCounts, scaleFacets } from './facet-counts.js';
import type { DerivedTerm } from './match-query.js';
import type { Matches, MatchScratch } from './matches.js';

/**
 * A test each match must pass that is too costly to run on all of them (a phrase's pair filters
 * on tens of thousands of releases holding its words): run on a match only when the best `k`
 * would take it, and on an even sample of `sample` matches for the total and facets.
 */
export interface LazyTest {
  passes: (doc: number) => boolean;
  sample: number;
}

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
  /** With a lazy test: per match, 0 not yet tested, 1 passed, 2 failed. */
  private readonly tested: Uint8Array | undefined;
  /** How many matches pass the lazy test, once every one has been tested. */
  private passing: number | undefined;
  private sampled: { docs: Int32Array; total: number } | undefined;
  /** The slots boostTop raised, when the best by relevance are among them. */
  private head: Int32Array | undefined;

  constructor(
    private readonly matchesOfQuery: Matches,
    private readonly table: DocTable,
    private readonly derived: readonly DerivedTerm[],
    queryTerms: readonly string[],
    private readonly scratch: MatchScratch,
    private readonly lazy?: LazyTest,
  ) {
    this.epoch = scratch.epoch;
    this.bits = derived.map((d) => 1 << queryTerms.indexOf(d.of));
    this.tested = lazy ? new Uint8Array(matchesOfQuery.docs.length) : undefined;
  }

  /** The total is estimated from a sample (a lazy test not yet run on every match). */
  get estimated(): boolean {
    return this.tested !== undefined && this.passing === undefined;
  }

  private passes(i: number): boolean {
    const t = this.tested!;
    if (t[i] === 0) t[i] = this.lazy!.passes(this.matchesOfQuery.docs[i]!) ? 1 : 2;
    return t[i] === 1;
  }

  /** The sampled matches that pass, and the total they stand for (at least what the pages found). */
  private sample(): { docs: Int32Array; total: number } {
    if (this.sampled) return this.sampled;
    const { docs } = this.matches;
    const step = Math.max(1, docs.length / this.lazy!.sample);
    const kept: number[] = [];
    let taken = 0;
    for (let at = 0; at < docs.length; at += step, taken++) {
      const i = Math.floor(at);
      if (this.passes(i)) kept.push(docs[i]!);
    }
    let known = 0;
    for (let i = 0; i < docs.length; i++) if (this.tested![i] === 1) known++;
    this.sampled = { docs: Int32Array.from(kept), total: Math.max(known, Math.round((kept.length / Math.max(1, taken)) * docs.length)) };
    return this.sampled;
  }

  private get matches(): Matches {
    if (this.scratch.epoch !== this.epoch) throw new Error('a hit set was used after a later query on the same engine');
    return this.matchesOfQuery;
  }

  get total(): number {
    if (!this.tested) return this.matches.docs.length;
    return this.passing ?? this.sample().total;
  }

  top(k: number, order: Order): EngineHit[] {
    return this.topSlots(k, order).map((i) => this.hit(i));
  }

  boostTop(k: number, factor: (id: string, doc: number) => number): void {
    const { docs, scores } = this.matches;
    const slots = this.topSlots(k, 'relevance');
    let raised = true;
    for (const i of slots) {
      const f = factor(this.table.ids[docs[i]!]!, docs[i]!);
      scores[i] = scores[i]! * f;
      raised &&= f >= 1;
    }
    // scores only raised: the best of the rest still rank below every boosted one, so the
    // best k or fewer are among these (proximity asks for them again; 87,000 matches are not rescanned)
    this.head = raised ? Int32Array.from(slots) : undefined;
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
    const testing = this.tested !== undefined;
    const among = order === 'relevance' && this.head && n <= this.head.length ? this.head : undefined;
    const count = among ? among.length : docs.length;
    for (let x = 0; x < count; x++) {
      const i = among ? among[x]! : x;
      if (size < n) {
        if (testing && !this.passes(i)) continue;
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
      } else if (!clearlyWorse(i, heap[0]!) && before(i, heap[0]!) && (!testing || this.passes(i))) {
        heap[0] = i;
        down(0);
      }
    }
    // a heap never filled tested every match
    if (testing && !among && (size < n || n === docs.length)) this.passing = size;
    return Array.from(heap.subarray(0, size)).sort((i, j) => (before(i, j) ? -1 : before(j, i) ? 1 : 0));
  }

  facets(asked: readonly FacetName[] = [], listLimit?: number): FacetCounts {
    if (!this.tested) return facetCounts(this.table, this.matches.docs, asked, listLimit);
    if (this.passing !== undefined) return facetCounts(this.table, this.matches.docs.filter((_, i) => this.tested![i] === 1), asked, listLimit);
    const { docs, total } = this.sample();
    return scaleFacets(facetCounts(this.table, docs, asked, listLimit), docs.length ? total / docs.length : 0);
  }

  find(id: string): EngineHit | undefined {
    const { docs } = this.matches;
    const doc = this.table.numbers.get(id);
    if (doc === undefined) return undefined;
    let lo = 0;
    let hi = docs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (docs[mid] === doc) return this.tested && !this.passes(mid) ? undefined : this.hit(mid);
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
