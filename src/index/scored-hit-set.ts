import type { DocTable } from './doc-table.js';
import { goesBefore, type EngineHit, type HitOrder, type HitSet } from './engine-query.js';
import type { DerivedTerm, Matches } from './match-query.js';

/**
 * The matches of a query as typed arrays; hits become objects only when asked for: the page
 * shown, the candidates of a phrase check. The best `k` are picked with a heap, so a common word's
 * 80,000 matches are never sorted.
 */
export class ScoredHitSet implements HitSet {
  constructor(
    private readonly matches: Matches,
    private readonly table: DocTable,
    private readonly derived: readonly DerivedTerm[],
  ) {}

  get total(): number {
    return this.matches.docs.length;
  }

  top(k: number, order: HitOrder): EngineHit[] {
    const { docs, scores } = this.matches;
    const day = this.table.day;
    // i before j in the order asked for; equal hits by release number, for a stable answer
    const before = (i: number, j: number): boolean => goesBefore(order, scores[i]!, day[docs[i]!]!, scores[j]!, day[docs[j]!]!) ?? docs[i]! < docs[j]!;
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
      } else if (before(i, heap[0]!)) {
        heap[0] = i;
        down(0);
      }
    }
    const best = Array.from(heap).sort((i, j) => (before(i, j) ? -1 : before(j, i) ? 1 : 0));
    return best.map((i) => this.hit(i));
  }

  facets(): { company: Map<string, number>; year: Map<string, number> } {
    const { docs } = this.matches;
    const { company: codeOf, companies, day } = this.table;
    const perCompany = new Int32Array(companies.length);
    const perYear = new Map<number, number>();
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i]!;
      perCompany[codeOf[doc]!]!++;
      const y = Math.floor(day[doc]! / 10000);
      if (y) perYear.set(y, (perYear.get(y) ?? 0) + 1);
    }
    const company = new Map<string, number>();
    perCompany.forEach((count, code) => {
      if (count && companies[code]) company.set(companies[code], count);
    });
    const year = new Map<string, number>();
    for (const [y, count] of perYear) year.set(String(y), count);
    return { company, year };
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
    for (const { term, data } of this.derived) {
      if (terms.includes(term)) continue;
      for (const posting of data.values()) {
        if (posting.has(doc)) {
          terms.push(term);
          break;
        }
      }
    }
    return { id: this.table.ids[doc]!, score: this.matches.scores[i]!, terms, company: info.company, date: info.date, day: this.table.day[doc]!, tickers: info.tickers };
  }
}
