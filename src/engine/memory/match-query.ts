import type { DocTable } from './doc-table.js';
import type { EngineQuery } from './engine-query.js';
import type { FieldPostings, MiniSearchInternals } from './term-index.js';
import { head, MatchScratch, type Matches } from './matches.js';

export { MatchScratch } from './matches.js';
import { intersect, intersectInPlace, subtract, union, unionAll } from './match-sets.js';
import { PostingMap } from './posting-map.js';

/**
 * MiniSearch's query evaluation (executeQuery + search, version 7.2) redone over typed arrays:
 * the same BM25 terms added in the same order, so scores are bit-for-bit MiniSearch's, but a
 * common word's 80,000 matches are array slots, not 80,000 result objects with match maps that
 * are then all sorted. test/engine/memory/match-query.test.ts holds it to MiniSearch's own answers.
 */

/** A term of the query as it expanded in the index, for listing the terms a hit matched. */
export interface DerivedTerm {
  term: string;
  data: FieldPostings;
}

export interface MatchSettings {
  /** Boost per field number (MiniSearch `boost`, 1 when absent). */
  fieldBoost: number[];
  /** Field numbers in the order MiniSearch visits them (its `fields` option). */
  fieldOrder: number[];
  maxFuzzy: number;
  minPrefixLength: number;
  isCode: (term: string) => boolean;
}

// MiniSearch's defaults: BM25 parameters and the weights of prefix and fuzzy expansions.
const K = 1.2;
const B = 0.7;
const D = 0.5;
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
const FUZZY = 0.2;
// Queries with more distinct terms than a mask holds go to MiniSearch itself.
export const MAX_MASK_TERMS = 31;

/**
 * How far a query's prefixes may expand: each keeps at most `perPrefix` words, the ones most
 * releases hold (Lucene's top-terms rewrite), and all of them together at most `postings`
 * postings to score (the work a query may cost); at least one word each. Cuts are recorded for the
 * page to say so.
 */
export interface ExpansionBudget {
  perPrefix: number;
  postings: number;
  limited: { prefix: string; kept: number; of: number }[];
}

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

/**
 * Evaluate a query: every match with its final score, kept where `accept` (on release numbers)
 * allows; `derived` collects the matched terms.
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
): Matches {
  scratch.begin();
  const terms = queryTermList(q);
  const run = (node: EngineQuery, collect: boolean): Matches => {
    switch (node.kind) {
      case 'all':
        return allDocs(table, scratch);
      case 'term':
        return termMatches(m, table, scratch, settings, node, 1 << terms.indexOf(node.term), collect ? derived : undefined, budget);
      case 'and': {
        // each item's result is consumed as soon as it is intersected: its arrays go back to the
        // pool, so an AND of 31 common words allocates nothing (it allocated 31 result arrays)
        if (node.items.length < 3) return node.items.map((i) => run(i, collect)).reduce((a, b) => intersect(a, b, scratch));
        let acc = run(node.items[0]!, collect);
        for (let i = 1; i < node.items.length; i++) {
          const mark = scratch.taken;
          acc = intersectInPlace(acc, run(node.items[i]!, collect));
          scratch.release(mark);
        }
        return acc;
      }
      case 'or':
        // the accumulator is one per engine: an OR inside such an OR takes the chain
        if (node.items.length < 3 || scratch.orBusy) return node.items.map((i) => run(i, collect)).reduce((a, b) => union(a, b, scratch));
        scratch.orBusy = true;
        try {
          return unionAll(node.items, (i) => run(i, collect), scratch);
        } finally {
          scratch.orBusy = false;
        }
      case 'not':
        return node.exclude.map((e) => run(e, false)).reduce((acc, e) => subtract(acc, e), run(node.include, collect));
    }
  };
  const all = run(q, true);
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

function allDocs(table: DocTable, scratch: MatchScratch): Matches {
  const out = scratch.take(table.ids.length);
  let n = 0;
  for (let doc = 0; doc < table.ids.length; doc++) {
    if (table.ids[doc] === undefined) continue;
    out.docs[n] = doc;
    out.scores[n] = 1;
    out.masks[n++] = 0;
  }
  return head(out, n);
}

/** One query term with its prefix and fuzzy expansions, as MiniSearch's executeQuerySpec. */
function termMatches(
  m: MiniSearchInternals,
  table: DocTable,
  scratch: MatchScratch,
  settings: MatchSettings,
  q: Extract<EngineQuery, { kind: 'term' }>,
  bit: number,
  derived: DerivedTerm[] | undefined,
  budget?: ExpansionBudget,
): Matches {
  const { term } = q;
  const expansions: [string, FieldPostings, number][] = [];
  const exact = m._index.get(term);
  if (exact) expansions.push([term, exact, 1]);
  const prefix = q.prefix === true && !settings.isCode(term) && term.length >= settings.minPrefixLength;
  let fuzzy: Map<string, [FieldPostings, number]> | undefined;
  if (q.fuzzy && !settings.isCode(term)) {
    const maxDistance = Math.min(settings.maxFuzzy, Math.round(term.length * FUZZY));
    if (maxDistance) fuzzy = m._index.fuzzyGet(term, maxDistance);
  }
  if (prefix) {
    let words: [string, FieldPostings][] = [];
    for (const [t, data] of m._index.atPrefix(term)) if (t.length > term.length) words.push([t, data]);
    if (budget) {
      const size = (d: FieldPostings) => {
        let n = 0;
        for (const p of d.values()) n += p.size;
        return n;
      };
      const sized = words.map(([t, d]) => ({ t, n: size(d) }));
      const all = sized.reduce((n, x) => n + x.n, 0);
      if (words.length > budget.perPrefix || all > budget.postings) {
        // the most used words within the budget, kept in the order MiniSearch visits them (scores sum in that order)
        const kept = new Set<string>();
        for (const x of sized.sort((a, b) => b.n - a.n || (a.t < b.t ? -1 : 1))) {
          if (kept.size >= budget.perPrefix || (kept.size > 0 && x.n > budget.postings)) break;
          kept.add(x.t);
          budget.postings -= x.n;
        }
        budget.limited.push({ prefix: term, kept: kept.size, of: words.length });
        words = words.filter(([t]) => kept.has(t));
      } else budget.postings -= all;
    }
    for (const [t, data] of words) {
      const distance = t.length - term.length;
      fuzzy?.delete(t);
      expansions.push([t, data, (PREFIX_WEIGHT * t.length) / (t.length + 0.3 * distance)]);
    }
  }
  if (fuzzy) {
    for (const [t, [data, distance]] of fuzzy) {
      if (!distance) continue;
      expansions.push([t, data, (FUZZY_WEIGHT * t.length) / (t.length + distance)]);
    }
  }

  const { acc, mark, touched } = scratch;
  let marked = 0;
  const total = m._documentCount;
  const ids = table.ids;
  const boost = q.boost ?? 1;
  for (const [t, data, expansionWeight] of expansions) {
    const weight = expansionWeight * boost;
    derived?.push({ term: t, data });
    for (const fieldId of settings.fieldOrder) {
      const posting = data.get(fieldId);
      if (!posting) continue;
      const w = weight * (settings.fieldBoost[fieldId] ?? 1);
      const avg = m._avgFieldLength[fieldId]!;
      const lengths = table.fieldLength[fieldId]!;
      let matching = posting.size;
      let idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
      const add = (doc: number, tf: number): void => {
        if (ids[doc] === undefined) {
          // a removed release: MiniSearch counts it out of the term's releases from here on
          matching -= 1;
          idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
          return;
        }
        const score = w * (idf * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * lengths[doc]!) / avg))));
        if (mark[doc]) acc[doc] = acc[doc]! + score;
        else {
          mark[doc] = 1;
          acc[doc] = score;
          touched[marked++] = doc;
        }
      };
      const view = posting instanceof PostingMap ? posting.view : undefined;
      if (view) {
        // the common case (a loaded engine) written out: no call per posting (the closure above
        // costs ~25% on a word in 60% of 100k releases, measured). Releases written since the
        // load (an engine delta) are in the overlay: the same order as the posting's entries().
        const { docs, freqs } = view.columns;
        const { removed, changed, added } = view;
        for (let i = view.start; i < view.end; i++) {
          const doc = docs[i]!;
          if (removed?.has(doc)) continue;
          if (ids[doc] === undefined) {
            add(doc, 0);
            continue;
          }
          const tf = changed?.get(doc) ?? freqs[i]!;
          const score = w * (idf * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * lengths[doc]!) / avg))));
          if (mark[doc]) acc[doc] = acc[doc]! + score;
          else {
            mark[doc] = 1;
            acc[doc] = score;
            touched[marked++] = doc;
          }
        }
        if (added) for (const [doc, tf] of added) add(doc, tf);
      } else {
        for (const [doc, tf] of posting) add(doc, tf);
      }
    }
  }

  // ascending release numbers: a scan of the marks when most releases matched, else a sort
  const out = head(scratch.take(marked), marked);
  const { docs, scores, masks } = out;
  if (marked > mark.length / 16) {
    for (let doc = 0, j = 0; doc < mark.length; doc++) if (mark[doc]) docs[j++] = doc;
  } else {
    docs.set(touched.subarray(0, marked));
    docs.sort();
  }
  for (let i = 0; i < marked; i++) {
    const doc = docs[i]!;
    scores[i] = acc[doc]!;
    masks[i] = bit;
    mark[doc] = 0;
  }
  return out;
}
