import type { QueryNode } from './engine.js';

/**
 * The rule every backend's adjacency boost shares: a query of 2–4 plain words gets its best hits
 * boosted where the words stand side by side (`Fort Smith` the city, not `Fort Worth … Rick
 * Smith`), as Lucene's phrase-field boost does. How many hits are checked, and by how much.
 */
export const ADJACENT_CHECKS = 30;
export const ADJACENT_BOOST = 3;

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
