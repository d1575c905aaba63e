import type { DocTable } from './doc-table.js';
import type { EngineQuery } from './engine-query.js';
import type { MatchScratch } from './matches.js';
import { fold } from './match-sets.js';
import { PostingMap, type PostingView } from './posting-map.js';
import type { MiniSearchInternals } from './term-index.js';
import { bm25Part, lengthNorms, type DerivedTerm, type MatchSettings } from './term-matches.js';

/**
 * An exact word of a many-item OR (`the OR company OR …`) added straight into the OR's sums: a
 * release the word holds in one field only gets that field's score as the word's score, which
 * is what the word's own result would hold, so it is added without one; a release holding it in
 * both fields (few: titles are short) is summed first, as term-matches.ts does. Scores are the
 * same to the bit; one pass per posting instead of two. Returns the OR's new count of releases,
 * or -1 when the word does not qualify (prefix, restricted, engine being updated, more fields):
 * the caller then takes the general route.
 */
export function foldExactTerm(
  m: MiniSearchInternals,
  table: DocTable,
  scratch: MatchScratch,
  settings: MatchSettings,
  q: Extract<EngineQuery, { kind: 'term' }>,
  bit: number,
  derived: DerivedTerm[] | undefined,
  orMarked: number,
): number {
  if (q.prefix || q.fuzzy || m._dirtCount !== 0) return -1;
  const data = m._index.get(q.term);
  if (!data) return orMarked;
  const parts: { view: PostingView; w: number; idf: number; norm: Float64Array }[] = [];
  const total = m._documentCount;
  const weight = 1 * (q.boost ?? 1);
  for (const fieldId of settings.fieldOrder) {
    const posting = data.get(fieldId);
    if (!posting) continue;
    const view = posting instanceof PostingMap ? posting.view : undefined;
    if (!view || view.removed || view.changed || view.added) return -1;
    const matching = posting.size;
    parts.push({ view, w: weight * (settings.fieldBoost[fieldId] ?? 1), idf: Math.log(1 + (total - matching + 0.5) / (matching + 0.5)), norm: lengthNorms(table, fieldId, m._avgFieldLength[fieldId]!) });
  }
  if (parts.length > 2) return -1;
  derived?.push({ term: q.term, data, of: q.term });
  if (!parts.length) return orMarked;
  // the smaller posting (a title's) summed aside; the larger one folded straight in where the smaller lacks the release
  parts.sort((a, b) => a.view.end - a.view.start - (b.view.end - b.view.start));
  const { acc, mark, touched, orAcc, orMask, orMark, orTouched } = scratch;
  let aside = 0;
  if (parts.length === 2) {
    const { view, w, idf, norm } = parts[0]!;
    const { docs, freqs } = view.columns;
    for (let i = view.start; i < view.end; i++) {
      const doc = docs[i]!;
      mark[doc] = 1;
      acc[doc] = bm25Part(w, idf, freqs[i]!, norm[doc]!);
      touched[aside++] = doc;
    }
  }
  const { view, w, idf, norm } = parts[parts.length - 1]!;
  if (scratch.orDense) foldRangeDense(view, w, idf, norm, bit, mark, acc, orAcc, orMask, orMark);
  else orMarked = foldRange(view, w, idf, norm, bit, mark, acc, orAcc, orMask, orMark, orTouched, orMarked);
  // the releases holding it in both fields, summed aside: folded in as any accumulated word
  orMarked = fold(scratch, { marked: aside, bit }, orMarked);
  return orMarked;
}

/** The larger posting: into the aside sum where the smaller one has the release, else into the OR. */
function foldRange(
  view: PostingView, w: number, idf: number, norm: Float64Array, bit: number, mark: Uint8Array, acc: Float64Array,
  orAcc: Float64Array, orMask: Uint32Array, orMark: Uint8Array, orTouched: Int32Array, orMarked: number,
): number {
  const { docs, freqs } = view.columns;
  for (let i = view.start; i < view.end; i++) {
    const doc = docs[i]!;
    const score = bm25Part(w, idf, freqs[i]!, norm[doc]!);
    if (mark[doc]) acc[doc] = acc[doc]! + score;
    else if (orMark[doc]) {
      orAcc[doc] = orAcc[doc]! + score;
      orMask[doc] = orMask[doc]! | bit;
    } else {
      orMark[doc] = 1;
      orAcc[doc] = score;
      orMask[doc] = bit;
      orTouched[orMarked++] = doc;
    }
  }
  return orMarked;
}

/** The same into zeroed sums, touched releases left unlisted (MatchScratch.orDense). */
function foldRangeDense(
  view: PostingView, w: number, idf: number, norm: Float64Array, bit: number, mark: Uint8Array, acc: Float64Array,
  orAcc: Float64Array, orMask: Uint32Array, orMark: Uint8Array,
): void {
  const { docs, freqs } = view.columns;
  for (let i = view.start; i < view.end; i++) {
    const doc = docs[i]!;
    const score = bm25Part(w, idf, freqs[i]!, norm[doc]!);
    if (mark[doc]) acc[doc] = acc[doc]! + score;
    else {
      orAcc[doc] = orAcc[doc]! + score;
      orMask[doc] = orMask[doc]! | bit;
      orMark[doc] = 1;
    }
  }
}
