import { head, type Matches, type MatchScratch } from './matches.js';

/** AND into `out` (which may be `a` itself: an intersection never writes past what it has read). */
function intersectInto(a: Matches, b: Matches, out: Matches): Matches {
  const { docs, scores, masks } = out;
  let k = 0;
  for (let i = 0, j = 0; i < a.docs.length && j < b.docs.length; ) {
    const x = a.docs[i]!;
    const y = b.docs[j]!;
    if (x < y) i++;
    else if (x > y) j++;
    else {
      docs[k] = x;
      scores[k] = a.scores[i]! + b.scores[j]!;
      masks[k++] = a.masks[i++]! | b.masks[j++]!;
    }
  }
  return head(out, k);
}

/** AND, written over a's own arrays: no result to allocate. */
export function intersectInPlace(a: Matches, b: Matches): Matches {
  return intersectInto(a, b, a);
}

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

/**
 * OR of many items (125 prefixes, a word with its other forms and synonyms): each item's matches
 * added into one dense accumulator and its arrays given back, instead of a chain of pairwise
 * unions that copies the growing result once per item. Scores add in the items' order, as the
 * chain adds them, so they are the same to the bit.
 */
export function unionAll<Q>(items: readonly Q[], run: (q: Q) => Matches, scratch: MatchScratch): Matches {
  const { orAcc, orMask, orMark, orTouched } = scratch;
  let marked = 0;
  for (const item of items) {
    const mark = scratch.taken;
    const r = run(item);
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
    scratch.release(mark);
  }
  const out = head(scratch.take(marked), marked);
  const { docs, scores, masks } = out;
  if (marked > orMark.length / 16) {
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
