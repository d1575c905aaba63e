import { head, type Matches, type MatchScratch } from './matches.js';

/** OR: releases in either, scores added where both matched. */
export function union(a: Matches, b: Matches, scratch: MatchScratch): Matches {
  const out = scratch.take(a.docs.length + b.docs.length);
  const { docs, scores, masks } = out;
  let k = 0;
  let i = 0;
  let j = 0;
  while (i < a.docs.length || j < b.docs.length) {
    const x = i < a.docs.length ? a.docs[i]! : Infinity;
    const y = j < b.docs.length ? b.docs[j]! : Infinity;
    if (x < y) {
      docs[k] = x;
      scores[k] = a.scores[i]!;
      masks[k++] = a.masks[i++]!;
    } else if (y < x) {
      docs[k] = y;
      scores[k] = b.scores[j]!;
      masks[k++] = b.masks[j++]!;
    } else {
      docs[k] = x;
      scores[k] = a.scores[i]! + b.scores[j]!;
      masks[k++] = a.masks[i++]! | b.masks[j++]!;
    }
  }
  return head(out, k);
}

/** NOT: releases of a that b does not have (compacted in a's own arrays). */
export function subtract(a: Matches, b: Matches): Matches {
  let k = 0;
  for (let i = 0, j = 0; i < a.docs.length; i++) {
    const x = a.docs[i]!;
    while (j < b.docs.length && b.docs[j]! < x) j++;
    if (j < b.docs.length && b.docs[j] === x) continue;
    a.docs[k] = x;
    a.scores[k] = a.scores[i]!;
    a.masks[k++] = a.masks[i]!;
  }
  return head(a, k);
}

/** A term summed in the scratch accumulator, not yet a result (term-matches.ts accumulateTerm). */
export interface Accumulated {
  marked: number;
  bit: number;
}

/** An item added into the OR's sums by the caller (fold-term.ts): the OR's new count of releases. */
export interface Folded {
  orMarked: number;
}

/**
 * OR of many items (125 prefixes, a word with its other forms and synonyms): each item's matches
 * added into one dense accumulator and its arrays given back, instead of a chain of pairwise
 * unions that copies the growing result once per item. A plain term is folded in from the
 * scratch accumulator it was summed in, without being made a result first. Scores add in the
 * items' order, as the chain adds them, so they are the same to the bit.
 */
export function unionAll<Q>(items: readonly Q[], run: (q: Q, orMarked: number) => Matches | Accumulated | Folded, scratch: MatchScratch, dense = false): Matches {
  const { orAcc, orMask, orMark, orTouched } = scratch;
  if (dense) {
    orAcc.fill(0);
    orMask.fill(0);
  }
  scratch.orDense = dense;
  let marked = 0;
  for (const item of items) {
    const mark = scratch.taken;
    const r = run(item, marked);
    if ('orMarked' in r) marked = r.orMarked;
    else if ('marked' in r) marked = fold(scratch, r, marked);
    else if (dense) {
      for (let i = 0; i < r.docs.length; i++) {
        const doc = r.docs[i]!;
        orAcc[doc] = orAcc[doc]! + r.scores[i]!;
        orMask[doc] = orMask[doc]! | r.masks[i]!;
        orMark[doc] = 1;
      }
    } else {
      for (let i = 0; i < r.docs.length; i++) {
        const doc = r.docs[i]!;
        if (orMark[doc]) {
          orAcc[doc] = orAcc[doc]! + r.scores[i]!;
          orMask[doc] = orMask[doc]! | r.masks[i]!;
        } else {
          orMark[doc] = 1;
          orAcc[doc] = r.scores[i]!;
          orMask[doc] = r.masks[i]!;
          orTouched[marked++] = doc;
        }
      }
    }
    scratch.release(mark);
  }
  scratch.orDense = false;
  if (dense) {
    marked = 0;
    for (let doc = 0; doc < orMark.length; doc++) marked += orMark[doc]!;
  }
  const out = head(scratch.take(marked), marked);
  const { docs, scores, masks } = out;
  if (dense || marked > orMark.length / 16) {
    for (let doc = 0, j = 0; doc < orMark.length; doc++) if (orMark[doc]) docs[j++] = doc;
  } else {
    docs.set(orTouched.subarray(0, marked));
    docs.sort();
  }
  for (let i = 0; i < marked; i++) {
    const doc = docs[i]!;
    scores[i] = orAcc[doc]!;
    masks[i] = orMask[doc]!;
    orMark[doc] = 0;
  }
  return out;
}

/** Add an accumulated term into the OR's sums (clearing its marks); returns the OR's new count. */
export function fold(scratch: MatchScratch, term: Accumulated, marked: number): number {
  const { acc, mark, touched, orAcc, orMask, orMark, orTouched } = scratch;
  const { bit } = term;
  if (scratch.orDense) {
    for (let i = 0; i < term.marked; i++) {
      const doc = touched[i]!;
      mark[doc] = 0;
      orAcc[doc] = orAcc[doc]! + acc[doc]!;
      orMask[doc] = orMask[doc]! | bit;
      orMark[doc] = 1;
    }
    return marked;
  }
  for (let i = 0; i < term.marked; i++) {
    const doc = touched[i]!;
    mark[doc] = 0;
    if (orMark[doc]) {
      orAcc[doc] = orAcc[doc]! + acc[doc]!;
      orMask[doc] = orMask[doc]! | bit;
    } else {
      orMark[doc] = 1;
      orAcc[doc] = acc[doc]!;
      orMask[doc] = bit;
      orTouched[marked++] = doc;
    }
  }
  return marked;
}

/**
 * An AND's candidates: the releases its cheapest item matched, with that item's scores, narrowed
 * item by item in the AND's order while `sums` adds the items' scores in that order (as
 * MiniSearch adds them). Arrays are the pivot's result's own, compacted in place.
 */
export interface Candidates {
  docs: Int32Array;
  pivot: Float64Array;
  masks: Uint32Array;
  sums: Float64Array;
  n: number;
  /** Whether `sums` holds an item yet. */
  started: boolean;
}

/** The cheapest item's own turn in the order: its scores join the sums. */
export function addPivot(c: Candidates): void {
  for (let k = 0; k < c.n; k++) c.sums[k] = c.started ? c.sums[k]! + c.pivot[k]! : c.pivot[k]!;
  c.started = true;
}

/** Keep the candidates a term (summed in the scratch accumulator) matched; drop the rest from `only`. */
export function narrowByTerm(c: Candidates, scratch: MatchScratch, term: Accumulated, only: Uint8Array): void {
  const { acc, mark, touched } = scratch;
  const { docs, pivot, masks, sums, started } = c;
  let w = 0;
  for (let k = 0; k < c.n; k++) {
    const doc = docs[k]!;
    if (!mark[doc]) {
      only[doc] = 0;
      continue;
    }
    const s = acc[doc]!;
    docs[w] = doc;
    pivot[w] = pivot[k]!;
    masks[w] = masks[k]! | term.bit;
    sums[w++] = started ? sums[k]! + s : s;
  }
  for (let i = 0; i < term.marked; i++) mark[touched[i]!] = 0;
  c.n = w;
  c.started = true;
}

/** Keep the candidates an item's matches (ascending, within the candidates) hold; drop the rest from `only`. */
export function narrowByMatches(c: Candidates, r: Matches, only: Uint8Array): void {
  const { docs, pivot, masks, sums, started } = c;
  let w = 0;
  let j = 0;
  for (let k = 0; k < c.n; k++) {
    const doc = docs[k]!;
    while (j < r.docs.length && r.docs[j]! < doc) j++;
    if (j >= r.docs.length || r.docs[j] !== doc) {
      only[doc] = 0;
      continue;
    }
    const s = r.scores[j]!;
    docs[w] = doc;
    pivot[w] = pivot[k]!;
    masks[w] = masks[k]! | r.masks[j++]!;
    sums[w++] = started ? sums[k]! + s : s;
  }
  c.n = w;
  c.started = true;
}
