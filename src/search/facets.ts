import { companyMatches, companyWords } from '../analysis/company-words.js';
import type { EngineAnswer } from '../engine/engine.js';
import type { FacetCount, SearchResponse } from './search-types.js';

const FACET_LIMIT = 10;

interface NameGroup {
  words: string[];
  releases: number;
  spellings: Map<string, number>;
}

/**
 * Company facet entries that count what clicking them returns: the spellings of one name that
 * differ only in case and punctuation are one entry (shown as its most used spelling), and its
 * count is every match the company filter keeps for it (the filter's rule, so a longer name
 * holding the same words is counted too).
 */
export function companyFacet(names: ReadonlyMap<string, number> | undefined, limit = FACET_LIMIT): FacetCount[] {
  const groups = new Map<string, NameGroup>();
  for (const [name, n] of names ?? []) {
    const words = companyWords(name);
    if (!words.length) continue;
    const key = words.join(' ');
    const g = groups.get(key) ?? { words, releases: 0, spellings: new Map<string, number>() };
    g.releases += n;
    g.spellings.set(name, (g.spellings.get(name) ?? 0) + n);
    groups.set(key, g);
  }
  const all = [...groups.values()];
  // a group's count only grows by longer names, so the largest groups are the candidates
  const candidates = [...all].sort((a, b) => b.releases - a.releases).slice(0, limit * 3);
  return candidates
    .map((c) => {
      const value = [...c.spellings].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
      const count = all.reduce((n, g) => (companyMatches(c.words, g.words) ? n + g.releases : n), 0);
      return { value, count };
    })
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, limit);
}

export function facetCounts(facets: EngineAnswer['facets']): SearchResponse['facets'] {
  // every year (a page lists them all, newest first): a year facet cut to ten hid the early ones
  const year = [...(facets.year ?? [])].map(([value, count]) => ({ value, count })).sort((a, b) => b.value.localeCompare(a.value));
  return { company: companyFacet(facets.company), year };
}

