import type { DocTable } from './doc-table.js';
import type { EngineQuery } from './engine-query.js';
import type { MiniSearchInternals } from './term-index.js';
import { head, MatchScratch, type Matches } from './matches.js';
import { addPivot, keepMarked, narrowByMatches, narrowByTerm, subtract, union, unionAll, unmarkTerm, type Candidates } from './match-sets.js';
import { planExpansions } from './expansion-budget.js';
import { foldExactTerm } from './fold-term.js';
import { accumulateTerm, termCost, termMatches, type DerivedTerm, type ExpansionBudget, type MatchSettings } from './term-matches.js';

export { MatchScratch } from './matches.js';
export type { DerivedTerm, ExpansionBudget, MatchSettings } from './term-matches.js';

/**
 * MiniSearch's query evaluation (executeQuery + search, version 7.2) redone over typed arrays:
 * the same BM25 terms added in the same order, so scores are bit-for-bit MiniSearch's, but a
 * common word's 80,000 matches are array slots, not 80,000 result objects with match maps that
 * are then all sorted. test/engine/memory/match-query.test.ts holds it to MiniSearch's own answers.
 */

// Queries with more distinct terms than a mask holds go to MiniSearch itself.
export const MAX_MASK_TERMS = 31;

/** The distinct terms of a query, in order (MiniSearch's "quality" counts them per hit). */
export function queryTermList(q: EngineQuery, out: string[] = []): string[] {
  switch (q.kind) {
    case 'term':
      if (!out.includes(q.term)) out.push(q.term);
      break;
    case 'and':
    case 'or':
      for (const i of q.items) queryTermList(i, out);
      break;
    case 'not':
      queryTermList(q.include, out);
      for (const e of q.exclude) queryTermList(e, out);
      break;
    case 'all':
      break;
  }
  return out;
}

/** About how many postings a query node reads (an AND starts from its cheapest item). */
export function cost(m: MiniSearchInternals, q: EngineQuery): number {
  switch (q.kind) {
    case 'term':
      return termCost(m, q);
    case 'or':
      return q.items.reduce((n, i) => n + cost(m, i), 0);
    case 'and':
      return Math.min(...q.items.map((i) => cost(m, i)));
    case 'not':
      return cost(m, q.include);
    case 'all':
      return m._documentCount;
  }
}

/**
 * Evaluate a query: every match with its final score, kept where `accept` (on release numbers)
 * allows; `derived` collects the matched terms. With `only` (1 per release still possible), the
 * other releases' postings are skipped unscored: the same answer where `accept` implies `only`.
 */
export function matchQuery(
  m: MiniSearchInternals,
  table: DocTable,
  scratch: MatchScratch,
  settings: MatchSettings,
  q: EngineQuery,
  derived: DerivedTerm[],
  accept?: (doc: number) => boolean,
  budget?: ExpansionBudget,
  only?: Uint8Array,
): Matches {
  scratch.begin();
  const terms = queryTermList(q);
  // planned already when the query was cut to its work budget (search-engine.ts)
  if (budget && !budget.pending) planExpansions(m, q, budget, (t) => !settings.isCode(t) && t.length >= settings.minPrefixLength);
  /** `only`: the releases still possible (an enclosing AND's cheapest item matched them). */
  // a prefix's postings are known once planned (its most used words), not before
  const orItemCost = (i: EngineQuery): number => (i.kind === 'term' && i.prefix ? (budget?.pending?.get(i.term)?.need ?? 0) : cost(m, i));
  const run = (node: EngineQuery, collect: DerivedTerm[] | undefined, only: Uint8Array | undefined): Matches => {
    switch (node.kind) {
      case 'all':
        return allDocs(table, scratch, only);
      case 'term':
        return termMatches(m, table, scratch, settings, node, 1 << terms.indexOf(node.term), collect, budget, only);
      case 'and':
        return and(node, collect, only);
      case 'or':
        // the accumulator is one per engine: an OR inside such an OR takes the chain
        if (node.items.length < 3 || scratch.orBusy) return node.items.map((i) => run(i, collect, only)).reduce((a, b) => union(a, b, scratch));
        scratch.orBusy = true;
        try {
          const term = (i: Extract<EngineQuery, { kind: 'term' }>, orMarked: number) => {
            const bit = 1 << terms.indexOf(i.term);
            const folded = only ? -1 : foldExactTerm(m, table, scratch, settings, i, bit, collect, orMarked);
            return folded >= 0 ? { orMarked: folded } : { marked: accumulateTerm(m, table, scratch, settings, i, collect, budget, only), bit };
          };
          // an OR reading postings for much of the index sums densely (MatchScratch.orDense)
          const dense = !only && node.items.reduce((n, i) => n + orItemCost(i), 0) >= m._documentCount / 8;
          return unionAll(node.items, (i, orMarked) => (i.kind === 'term' ? term(i, orMarked) : run(i, collect, only)), scratch, dense);
        } finally {
          scratch.orBusy = false;
        }
      case 'not': {
        const include = run(node.include, collect, only);
        if (!node.exclude.length || !include.docs.length) return include;
        // an excluded word only matters where the rest matched: its other postings are skipped
        const marks = scratch.restrict(include.docs);
        // a plain word clears its releases from the marks, with no result of its own
        const rest = node.exclude.filter((e) => !(e.kind === 'term' && !e.prefix && !e.fuzzy && m._dirtCount === 0 && unmarkTerm(m, e.term, marks)));
        const kept = rest.length < node.exclude.length ? keepMarked(include, marks) : include;
        const excluded = rest.map((e) => run(e, undefined, marks));
        scratch.unrestrict(marks, kept.docs);
        return excluded.reduce((acc, e) => subtract(acc, e), kept);
      }
    }
  };
  /**
   * AND: the cheapest item first, then every other one only over the releases it matched (a rare
   * word with 30 common ones reads the common ones' postings without building their results).
   * Results are intersected in the items' order, so scores add up as MiniSearch adds them.
   */
  const and = (node: Extract<EngineQuery, { items: unknown }>, collect: DerivedTerm[] | undefined, only: Uint8Array | undefined): Matches => {
    const { items } = node;
    if (items.length === 1) return run(items[0]!, collect, only);
    const costs = items.map((i) => cost(m, i));
    const pivot = costs.indexOf(Math.min(...costs));
    const pivotTerms: DerivedTerm[] | undefined = collect ? [] : undefined;
    const first = run(items[pivot]!, pivotTerms, only);
    if (!first.docs.length) return first;
    const marks = scratch.restrict(first.docs);
    const c: Candidates = { docs: first.docs, pivot: first.scores, masks: first.masks, sums: scratch.take(first.docs.length).scores, n: first.docs.length, started: false };
    const mark = scratch.taken;
    for (let i = 0; i < items.length && c.n > 0; i++) {
      const item = items[i]!;
      if (i === pivot) {
        collect?.push(...pivotTerms!);
        addPivot(c);
      } else if (item.kind === 'term') {
        // summed in the scratch accumulator and read from it: no result to build
        narrowByTerm(c, scratch, { marked: accumulateTerm(m, table, scratch, settings, item, collect, budget, marks), bit: 1 << terms.indexOf(item.term) }, marks);
      } else narrowByMatches(c, run(item, collect, marks), marks);
      scratch.release(mark);
    }
    scratch.unrestrict(marks, c.docs.subarray(0, c.n));
    return { docs: c.docs.subarray(0, c.n), scores: c.sums.subarray(0, c.n), masks: c.masks.subarray(0, c.n) };
  };
  const all = run(q, derived, only);
  // MiniSearch's final score: the sum times the number of distinct query terms matched
  const { docs, scores, masks } = all;
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i]!;
    if (accept && !accept(doc)) continue;
    docs[n] = doc;
    scores[n] = scores[i]! * (popcount(masks[i]!) || 1);
    masks[n] = masks[i]!;
    n++;
  }
  return { docs: docs.subarray(0, n), scores: scores.subarray(0, n), masks: masks.subarray(0, n) };
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

function allDocs(table: DocTable, scratch: MatchScratch, only: Uint8Array | undefined): Matches {
  const out = scratch.take(table.ids.length);
  let n = 0;
  for (let doc = 0; doc < table.live.length; doc++) {
    if (!table.live[doc] || (only && !only[doc])) continue;
    out.docs[n] = doc;
    out.scores[n] = 1;
    out.masks[n++] = 0;
  }
  return head(out, n);
}
