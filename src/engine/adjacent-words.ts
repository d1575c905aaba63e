import type { QueryNode } from './engine.js';

/**
 * The proximity rule every backend shares: in a query of 2–4 plain words, each pair of words
 * typed side by side that a release also has side by side lifts its score, as Lucene's edismax
 * `pf2` (word-pair phrase fields) does: `Fort Smith` the city above `Fort Worth … Rick Smith`,
 * `dealer inventory` the phrase above a release where the two words meet by chance. The best
 * PROXIMITY_CANDIDATES matches by BM25 are re-ranked (a release outside them would need its
 * score tripled to reach the page), and the pairs of the best ADJACENT_CHECKS of the new order are
 * held exact (each backend says how).
 */
export const PROXIMITY_CANDIDATES = 1000;
export const ADJACENT_CHECKS = 30;
/** The factor a release with every pair adjacent gets; fewer pairs, proportionally less. */
export const ADJACENT_BOOST = 3;

/** The score factor of a release holding `held` of a query's `pairs` adjacent word pairs. */
export function proximityFactor(held: number, pairs: number): number {
  return pairs > 0 ? 1 + ((ADJACENT_BOOST - 1) * held) / pairs : 1;
}

/** The adjacent pairs of a query's plain words, in the order typed. */
export function adjacentPairs(words: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < words.length; i++) out.push([words[i]!, words[i + 1]!]);
  return out;
}

/**
 * The word a query item stands for: a plain term, or a plain term OR'd with weaker ones (its
 * other forms and synonyms, each with a boost under 1). Undefined for anything else (`a OR b`).
 */
function plainWord(i: QueryNode): string | undefined {
  if (i.kind === 'term') return i.prefix || i.boost !== undefined ? undefined : i.term;
  if (i.kind !== 'or' || i.items.length < 2) return undefined;
  const [first, ...rest] = i.items;
  const weaker = rest.every((r) => r.kind === 'term' && !r.prefix && r.boost !== undefined && r.boost < 1);
  return weaker ? plainWord(first!) : undefined;
}

/** The plain words of a query of 2–4 of them (exclusions aside), or undefined. */
export function plainWords(node: QueryNode): string[] | undefined {
  const top = node.kind === 'not' ? node.include : node;
  if (top.kind !== 'and' || top.items.length < 2 || top.items.length > 4) return undefined;
  const words: string[] = [];
  for (const i of top.items) {
    const w = plainWord(i);
    if (w === undefined) return undefined;
    words.push(w);
  }
  return words;
}
