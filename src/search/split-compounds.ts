import { isCode, tokenize } from '../analysis/terms.js';
import type { Known } from './known-terms.js';
import type { ParsedQuery, QueryItem } from './parse-query.js';

// Parts shorter than this are not words a name is made of (`a`, `x`).
const MIN_PART = 2;

/** The ways a term splits into two parts of at least MIN_PART letters, the most even first. */
function splits(term: string): [string, string][] {
  const out: [string, string][] = [];
  for (let i = MIN_PART; i <= term.length - MIN_PART; i++) out.push([term.slice(0, i), term.slice(i)]);
  return out.sort((a, b) => Math.abs(a[0].length - a[1].length) - Math.abs(b[0].length - b[1].length));
}

/**
 * A name a release writes in two words (`Axon Fleet`) typed hyphenated or joined (`Axon-Fleet`,
 * `AxonFleet`) is one term the index does not hold: read it as the phrase of its parts when the
 * index holds them, as Lucene's word-break suggester does. Words the index holds stay as typed.
 */
export async function splitCompounds(known: Known, parsed: ParsedQuery): Promise<ParsedQuery> {
  const words = parsed.groups.flat().filter((i) => i.kind === 'word' && !isCode(i.terms[0]!) && /^\p{L}+$/u.test(i.terms[0]!));
  if (words.length === 0) return parsed;
  const held = await known(words.map((i) => i.terms[0]!));
  const unknown = words.filter((i) => !held.has(i.terms[0]!));
  if (unknown.length === 0) return parsed;
  const replace = new Map<QueryItem, QueryItem>();
  for (const item of unknown) {
    const term = item.terms[0]!;
    // a hyphenated compound's parts, else every split of a joined word
    const parts = tokenize(item.text).filter((t) => t.part).map((t) => t.term);
    const candidates: string[][] = parts.length >= 2 ? [parts] : splits(term).map((s) => [...s]);
    const knownParts = await known(candidates.flat());
    const found = candidates.find((c) => c.every((p) => knownParts.has(p)));
    if (found) replace.set(item, { kind: 'phrase', text: item.text, terms: found });
  }
  if (replace.size === 0) return parsed;
  return { ...parsed, groups: parsed.groups.map((g) => g.map((i) => replace.get(i) ?? i)) };
}
