import { familyTerms } from '../analysis/word-stem.js';
import { MAX_QUERY_TERMS } from './limits.js';
import type { ParsedQuery, QueryItem } from './parse-query.js';

/** How much a word's other forms count, against 1 for the form typed. */
export const STEM_BOOST = 0.5;

/**
 * Each word of the query with its stem beside it, OR'd at a lower weight: `repurchased` also
 * finds releases that only say `repurchase`, ranked below those that say `repurchased`. Phrases
 * stay exact, and so do exclusions (`-dismissed` does not drop every `dismissal`), a name (every
 * word typed capitalised: `Toronto Stock Exchange` is not `Toronto … exchanged … stock`) and a
 * word typed in capitals (`FDA`, `NASDAQ`).
 */
export function withStems(parsed: ParsedQuery): ParsedQuery {
  const typed = parsed.groups.flat().filter((i) => i.kind === 'word' && !i.synonymOf);
  if (typed.length >= 2 && typed.every((i) => /^\p{Lu}/u.test(i.text))) return parsed;
  let added = false;
  // the other forms fit in what is left of the query's term budget (the engine scores at most
  // MAX_QUERY_TERMS distinct terms on its fast path); the first words get theirs first
  const used = new Set([...parsed.groups.flat(), ...parsed.excluded].flatMap((i) => i.terms));
  const groups = parsed.groups.map((g) => {
    const present = new Set(g.flatMap((i) => i.terms));
    const extra: QueryItem[] = [];
    for (const item of g) {
      if (item.kind !== 'word' || item.synonymOf || !/\p{Ll}/u.test(item.text)) continue;
      for (const s of familyTerms(item.terms[0]!)) {
        if (present.has(s) || used.has(s) || used.size >= MAX_QUERY_TERMS) continue;
        present.add(s);
        used.add(s);
        extra.push({ kind: 'word', text: item.text, terms: [s], synonymOf: { word: item.text, boost: STEM_BOOST } });
      }
    }
    if (extra.length) added = true;
    return extra.length ? [...g, ...extra] : g;
  });
  return added ? { ...parsed, groups } : parsed;
}
