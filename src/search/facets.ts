import { companyMatches, companyWords } from '../analysis/company-words.js';
import type { EngineAnswer } from '../engine/engine.js';
import { TopCounts } from '../engine/top-counts.js';
import type { FacetCount, SearchResponse } from './search-types.js';

/** How many values a facet lists. */
export const FACET_LIMIT = 10;

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

/** The values most matches name, at most `limit`, ties in code-point order. */
function topValues(counts: ReadonlyMap<string, number> | undefined, limit: number): FacetCount[] {
  const best = new TopCounts<string>(limit, (a, b) => a < b);
  for (const [value, count] of counts ?? []) best.add(value, count);
  return best.entries().map(([value, count]) => ({ value, count }));
}

// Phases in trial order (1 before 1/2 before 2 …, pivotal last), as a page lists them.
const phaseOrder = (p: string) => (p === 'pivotal' ? 99 : Number.parseFloat(p) + (p.includes('/') ? 0.5 : 0) + (/[abc]$/.test(p) ? (p.charCodeAt(p.length - 1) - 96) / 10 : 0));

/** The CIKs an issuer facet could list (the most matched first): the ones to find names for. */
export function facetCiks(facets: EngineAnswer['facets'], limit = FACET_LIMIT): string[] {
  return [...(facets.issuer ?? [])]
    .filter(([key]) => key.startsWith('cik:'))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([key]) => key.slice(4));
}

/**
 * The company facet: one entry per issuer. Releases whose issuer's CIK is known are one entry
 * per CIK (however each release spells the name), named as the issuer is named now, picked by
 * `cik:`; the rest are grouped by name as `companyFacet` does, each counting what its company
 * filter returns (releases with a CIK whose name holds the same words included). Without an
 * issuer facet (an engine asked only for names), names alone.
 */
export function issuerFacet(facets: EngineAnswer['facets'], names: ReadonlyMap<string, string>, limit = FACET_LIMIT): FacetCount[] {
  if (!facets.issuer) return companyFacet(facets.company, limit);
  const byCik: FacetCount[] = [];
  const unnamed = new Map<string, number>();
  for (const [key, count] of facets.issuer) {
    if (key.startsWith('cik:')) {
      const cik = key.slice(4);
      byCik.push({ value: names.get(cik) ?? `CIK ${cik}`, count, cik });
    } else unnamed.set(key.slice(5), count);
  }
  // name entries count by the filter's rule over every match, but list only names of releases without a CIK
  const listed = new Set([...unnamed.keys()].map((n) => companyWords(n).join(' ')));
  const byName = companyFacet(new Map([...(facets.company ?? [])]), limit * 2).filter((f) => listed.has(companyWords(f.value).join(' ')));
  return [...byCik, ...byName].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)).slice(0, limit);
}

export function facetCounts(facets: EngineAnswer['facets'], names: ReadonlyMap<string, string> = new Map()): SearchResponse['facets'] {
  // every year (a page lists them all, newest first): a year facet cut to ten hid the early ones
  const year = [...(facets.year ?? [])].map(([value, count]) => ({ value, count })).sort((a, b) => b.value.localeCompare(a.value));
  const form = [...(facets.form ?? [])].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  const phases = [...(facets.phase ?? [])].map(([value, count]) => ({ value, count })).sort((a, b) => phaseOrder(a.value) - phaseOrder(b.value));
  return { company: issuerFacet(facets, names), year, form, codes: topValues(facets.code, FACET_LIMIT), trials: topValues(facets.trial, FACET_LIMIT), phases };
}
