import type { DocTable } from './doc-table.js';
import type { FacetName, Order } from '../engine.js';
import { goesBefore, type EngineHit, type FacetCounts, type HitSet } from './engine-query.js';
import { ValueLists } from './value-lists.js';
import { quarterCounts } from './quarter-counts.js';
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

  facets(asked: readonly FacetName[] = []): FacetCounts {
    const forms = asked.includes('form');
    const { docs } = this.matches;
    const { company: codeOf, companies, day, cik: cikOf, ciks, info, form: formOf, formNames } = this.table;
    const perCompany = new Int32Array(companies.length);
    const perCik = new Int32Array(ciks.length);
    // the issuer facet names a release without a CIK by its company
    const perCompanyNoCik = new Int32Array(companies.length);
    const perForm = new Int32Array(formNames.length);
    const form = new Map<string, number>();
    // years 1900–2155 in an array; any other in a Map
    const perYear = new Int32Array(256);
    const otherYears = new Map<number, number>();
    countPerRelease(docs, codeOf, cikOf, day, perCompany, perCik, perCompanyNoCik, perYear, otherYears);
    if (forms) {
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        const code = formOf[doc]!;
        if (code >= 0) perForm[code]!++;
        else for (const f of info[doc]!.forms) form.set(f, (form.get(f) ?? 0) + 1);
      }
    }
    const company = new Map<string, number>();
    perCompany.forEach((count, code) => {
      if (count && companies[code]) company.set(companies[code], count);
    });
    const year = new Map<string, number>();
    perYear.forEach((count, i) => {
      if (count) year.set(String(1900 + i), count);
    });
    for (const [y, count] of otherYears) year.set(String(y), count);
    const cik = new Map<string, number>();
    perCik.forEach((count, code) => {
      if (count && ciks[code]) cik.set(ciks[code], count);
    });
    perForm.forEach((count, code) => {
      if (count && formNames[code]) form.set(formNames[code], (form.get(formNames[code]) ?? 0) + count);
    });
    const issuer = new Map<string, number>();
    for (const [value, count] of cik) issuer.set(`cik:${value}`, count);
    perCompanyNoCik.forEach((count, code) => {
      if (count && companies[code]) issuer.set(`name:${companies[code]}`, count);
    });
    // codes, trials and phases: array increments over the table's value lists, only when asked
    const t = this.table;
    const n = docs.length;
    const code = asked.includes('code') ? ValueLists.toMap(t.codes.count(docs, n), (k) => t.codeDisplay[k]!) : new Map<string, number>();
    const trial = asked.includes('trial') ? ValueLists.toMap(t.trials.count(docs, n), (k) => t.trials.values[k]!) : new Map<string, number>();
    const phase = asked.includes('phase') ? ValueLists.toMap(t.phases.count(docs, n), (k) => t.phases.values[k]!) : new Map<string, number>();
    const quarter = asked.includes('quarter') ? quarterCounts(docs, day) : new Map<string, number>();
    return { company, year, quarter, cik, form, issuer, code, trial, phase };
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

/**
 * The per-release counts of the facets every search asks for, in a loop of its own: its arrays are
 * locals here, not variables the facet builders' callbacks share (which made it ~3x slower).
 */
function countPerRelease(
  docs: Int32Array, codeOf: Int32Array, cikOf: Int32Array, day: Int32Array,
  perCompany: Int32Array, perCik: Int32Array, perCompanyNoCik: Int32Array, perYear: Int32Array, otherYears: Map<number, number>,
): void {
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i]!;
    const company = codeOf[doc]!;
    perCompany[company]!++;
    const cikCode = cikOf[doc]!;
    perCik[cikCode]!++;
    if (cikCode === 0) perCompanyNoCik[company]!++;
    const y = (day[doc]! / 10000) | 0;
    if (y >= 1900 && y < 2156) perYear[y - 1900]!++;
    else if (y) otherYears.set(y, (otherYears.get(y) ?? 0) + 1);
  }
}
