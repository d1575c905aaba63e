import type { DocTable } from './doc-table.js';
import type { EngineQuery } from './engine-query.js';
import type { FieldPostings, MiniSearchInternals } from './term-index.js';
import { head, type MatchScratch, type Matches } from './matches.js';
import { PostingMap } from './posting-map.js';
import { expandPrefix, postingCount, type ExpansionBudget } from './expansion-budget.js';

export type { ExpansionBudget } from './expansion-budget.js';

/** A term of the query as it expanded in the index, for listing the terms a hit matched. */
export interface DerivedTerm {
  term: string;
  data: FieldPostings;
  /** The query term it stands for (a prefix's word, a fuzzy spelling, or the term itself). */
  of: string;
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

/**
 * About how many postings evaluating a term reads, to pick the cheapest item of an AND: exact
 * terms count their postings, a prefix or fuzzy term (expansions unknown until walked) counts as
 * costly as a word in every release.
 */
export function termCost(m: MiniSearchInternals, q: Extract<EngineQuery, { kind: 'term' }>): number {
  if (q.prefix || q.fuzzy) return 2 * m._documentCount + 1;
  const d = m._index.get(q.term);
  return d ? postingCount(d) : 0;
}

// The BM25 length part per release, `K * (1 - B + B * length / avg)`, per field: computed once
// per doc table and average (the same expression, so scores stay the same to the bit).
const norms = new WeakMap<DocTable, { avg: number; norm: Float64Array }[]>();
export function lengthNorms(table: DocTable, fieldId: number, avg: number): Float64Array {
  let byField = norms.get(table);
  if (!byField) norms.set(table, (byField = []));
  const cached = byField[fieldId];
  if (cached && cached.avg === avg) return cached.norm;
  const lengths = table.fieldLength[fieldId]!;
  const norm = new Float64Array(lengths.length);
  for (let doc = 0; doc < lengths.length; doc++) norm[doc] = K * (1 - B + (B * lengths[doc]!) / avg);
  byField[fieldId] = { avg, norm };
  return norm;
}

/**
 * One query term with its prefix and fuzzy expansions, as MiniSearch's executeQuerySpec. With
 * `only`, releases not marked in it are skipped (an AND's other items already ruled them out):
 * the answer is the full one restricted to them, scores unchanged.
 */
export function termMatches(
  m: MiniSearchInternals,
  table: DocTable,
  scratch: MatchScratch,
  settings: MatchSettings,
  q: Extract<EngineQuery, { kind: 'term' }>,
  bit: number,
  derived: DerivedTerm[] | undefined,
  budget: ExpansionBudget | undefined,
  only: Uint8Array | undefined,
): Matches {
  return gatherTerm(scratch, accumulateTerm(m, table, scratch, settings, q, derived, budget, only), bit);
}

/**
 * A term's scores summed per release into the scratch accumulator (`acc`, `mark`, and the first
 * n of `touched`, in the order met); returns n. An OR of many terms folds these straight into its
 * own sums (match-sets.ts unionAll), without building each term's result.
 */
export function accumulateTerm(
  m: MiniSearchInternals,
  table: DocTable,
  scratch: MatchScratch,
  settings: MatchSettings,
  q: Extract<EngineQuery, { kind: 'term' }>,
  derived: DerivedTerm[] | undefined,
  budget: ExpansionBudget | undefined,
  only: Uint8Array | undefined,
): number {
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
    if (budget) words = expandPrefix(m, term, budget);
    else for (const [t, data] of m._index.atPrefix(term)) if (t.length > term.length) words.push([t, data]);
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
  const { live } = table;
  const boost = q.boost ?? 1;
  for (const [t, data, expansionWeight] of expansions) {
    const weight = expansionWeight * boost;
    derived?.push({ term: t, data, of: term });
    for (const fieldId of settings.fieldOrder) {
      const posting = data.get(fieldId);
      if (!posting) continue;
      const w = weight * (settings.fieldBoost[fieldId] ?? 1);
      const norm = lengthNorms(table, fieldId, m._avgFieldLength[fieldId]!);
      let matching = posting.size;
      let idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
      const add = (doc: number, tf: number): void => {
        if (!live[doc]) {
          // a removed release: MiniSearch counts it out of the term's releases from here on
          matching -= 1;
          idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
          return;
        }
        if (only && !only[doc]) return;
        const score = w * (idf * (D + (tf * (K + 1)) / (tf + norm[doc]!)));
        if (mark[doc]) acc[doc] = acc[doc]! + score;
        else {
          mark[doc] = 1;
          acc[doc] = score;
          touched[marked++] = doc;
        }
      };
      const view = posting instanceof PostingMap ? posting.view : undefined;
      if (view && !view.removed && !view.changed && !view.added && m._dirtCount === 0) {
        // the common case (a loaded engine, nothing removed since): a loop over the columns
        // with nothing but locals, ~10x faster than one that shares variables with `add`
        const { docs, freqs } = view.columns;
        marked = only
          ? scoreOnly(docs, freqs, view.start, view.end, w, idf, norm, only, acc, mark, touched, marked)
          : scoreAll(docs, freqs, view.start, view.end, w, idf, norm, acc, mark, touched, marked);
      } else if (view) {
        // releases written since the load (an engine delta) are in the overlay: the same order
        // as the posting's entries()
        const { docs, freqs } = view.columns;
        const { removed, changed, added } = view;
        for (let i = view.start; i < view.end; i++) {
          const doc = docs[i]!;
          if (removed?.has(doc)) continue;
          add(doc, live[doc] ? (changed?.get(doc) ?? freqs[i]!) : 0);
        }
        if (added) for (const [doc, tf] of added) add(doc, tf);
      } else {
        for (const [doc, tf] of posting) add(doc, tf);
      }
    }
  }

  return marked;
}

/** The accumulated term as a result: ascending release numbers (marks cleared). */
function gatherTerm(scratch: MatchScratch, marked: number, bit: number): Matches {
  const { acc, mark, touched } = scratch;
  // a scan of the marks when most releases matched, else a sort
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

/** One posting's BM25 score (MiniSearch's expression, in its order of operations). */
export function bm25Part(w: number, idf: number, tf: number, norm: number): number {
  return w * (idf * (D + (tf * (K + 1)) / (tf + norm)));
}

/** BM25 of one posting range into the accumulator; returns the new count of marked releases. */
function scoreAll(
  docs: Int32Array, freqs: Uint16Array, start: number, end: number, w: number, idf: number, norm: Float64Array,
  acc: Float64Array, mark: Uint8Array, touched: Int32Array, marked: number,
): number {
  for (let i = start; i < end; i++) {
    const doc = docs[i]!;
    const tf = freqs[i]!;
    const score = w * (idf * (D + (tf * (K + 1)) / (tf + norm[doc]!)));
    if (mark[doc]) acc[doc] = acc[doc]! + score;
    else {
      mark[doc] = 1;
      acc[doc] = score;
      touched[marked++] = doc;
    }
  }
  return marked;
}

/** The same over the releases marked in `only`. */
function scoreOnly(
  docs: Int32Array, freqs: Uint16Array, start: number, end: number, w: number, idf: number, norm: Float64Array, only: Uint8Array,
  acc: Float64Array, mark: Uint8Array, touched: Int32Array, marked: number,
): number {
  for (let i = start; i < end; i++) {
    const doc = docs[i]!;
    if (!only[doc]) continue;
    const tf = freqs[i]!;
    const score = w * (idf * (D + (tf * (K + 1)) / (tf + norm[doc]!)));
    if (mark[doc]) acc[doc] = acc[doc]! + score;
    else {
      mark[doc] = 1;
      acc[doc] = score;
      touched[marked++] = doc;
    }
  }
  return marked;
}
