import { foldTerm } from './terms.js';

// Names repeat from search to search (every facet lists the same issuers): their words are kept,
// up to this many names, then forgotten all at once.
const REMEMBERED = 20_000;
const remembered = new Map<string, readonly string[]>();

/** A company name or filter as the words it is compared by: folded, punctuation dropped. */
export function companyWords(text: string): string[] {
  let words = remembered.get(text);
  if (words === undefined) {
    words = foldTerm(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (remembered.size >= REMEMBERED) remembered.clear();
    if (text.length <= 200) remembered.set(text, words);
  }
  // a copy: callers may change what they get
  return [...words];
}

/**
 * The company filter's rule, the same for every backend: each filter word starts a word of the
 * name (`lorus ther` keeps "Lorus Therapeutics Inc."; "Axon Enterprise, Inc." keeps itself).
 */
export function companyMatches(filterWords: readonly string[], nameWords: readonly string[]): boolean {
  return filterWords.every((w) => nameWords.some((n) => n.startsWith(w)));
}
