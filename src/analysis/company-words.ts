import { foldTerm } from './terms.js';

/** A company name or filter as the words it is compared by: folded, punctuation dropped. */
export function companyWords(text: string): string[] {
  return foldTerm(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * The company filter's rule, the same for every backend: each filter word starts a word of the
 * name (`lorus ther` keeps "Lorus Therapeutics Inc."; "Axon Enterprise, Inc." keeps itself).
 */
export function companyMatches(filterWords: readonly string[], nameWords: readonly string[]): boolean {
  return filterWords.every((w) => nameWords.some((n) => n.startsWith(w)));
}
