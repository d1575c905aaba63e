import { tokenize } from '../analysis/terms.js';

// A phrase with several compounds could be written many ways; a few variants cover real text.
const MAX_VARIANTS = 8;

/**
 * The ways a quoted phrase may be written in a release, as term lists: each compound whole or as
 * its parts (`"body-worn camera"`: bodyworn camera | body worn camera), and two words typed apart
 * also joined where the index holds the joined word (`"body worn camera"` finds `body-worn`).
 * `joinable(a, b)` says whether a+b is an indexed term. The typed spelling comes first.
 */
export function phraseVariants(text: string, joinable: (a: string, b: string) => boolean): string[][] {
  const tokens = tokenize(text);
  // per position of the phrase: its alternatives
  const slots: string[][][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.part) continue;
    const parts: string[] = [];
    for (let j = i + 1; j < tokens.length && tokens[j]!.part && tokens[j]!.start >= t.start && tokens[j]!.end <= t.end; j++) parts.push(tokens[j]!.term);
    slots.push(parts.length >= 2 ? [[t.term], parts] : [[t.term]]);
  }
  // two plain words side by side that the index holds as one compound
  const merged: string[][][] = [];
  for (let k = 0; k < slots.length; k++) {
    const a = slots[k]!;
    const b = slots[k + 1];
    if (b && a.length === 1 && b.length === 1 && a[0]!.length === 1 && b[0]!.length === 1 && joinable(a[0]![0]!, b[0]![0]!)) {
      merged.push([[a[0]![0]!, b[0]![0]!], [a[0]![0]! + b[0]![0]!]]);
      k++;
    } else merged.push(a);
  }
  let variants: string[][] = [[]];
  for (const alternatives of merged) {
    const next: string[][] = [];
    for (const v of variants) for (const alt of alternatives) if (next.length < MAX_VARIANTS) next.push([...v, ...alt]);
    variants = next;
  }
  return variants.filter((v) => v.length > 0);
}

/** Pairs of words of a phrase that could be one compound (asked of the index in one round trip). */
export function joinCandidates(text: string): string[] {
  const out: string[] = [];
  phraseVariants(text, (a, b) => {
    out.push(a + b);
    return false;
  });
  return out;
}
