import { head, type Matches, type MatchScratch } from './matches.js';

/** AND: releases in both, scores added (a's first, as MiniSearch adds them). */
export function intersect(a: Matches, b: Matches, scratch: MatchScratch): Matches {
  const out = scratch.take(Math.min(a.docs.length, b.docs.length));
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

/** AND, written over a's own arrays (an intersection is never longer than a): no result to allocate. */
export function intersectInPlace(a: Matches, b: Matches): Matches {
  let k = 0;
  for (let i = 0, j = 0; i < a.docs.length && j < b.docs.length; ) {
    const x = a.docs[i]!;
    const y = b.docs[j]!;
    if (x < y) i++;
    else if (x > y) j++;
    else {
      a.docs[k] = x;
      a.scores[k] = a.scores[i]! + b.scores[j]!;
      a.masks[k++] = a.masks[i++]! | b.masks[j++]!;
    }
  }
  return head(a, k);
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
