import { companyWords } from '../analysis/company-words.js';
import type { Engine } from '../engine/engine.js';
import { companyFacet } from '../search/search.js';

// `company:lor`, `-company:"lorus th`: the last token of the box is a company filter being typed.
const COMPANY_TOKEN = /(^|\s)(-?company:)("?)([^"]*)$/iu;

/** The typed text ends in a company filter: the text before it, the `company:` as typed, and the prefix. */
export function companyPrefix(typed: string): { head: string; key: string; prefix: string } | undefined {
  const m = COMPANY_TOKEN.exec(typed);
  if (!m) return undefined;
  const [, space, key, quote, rest] = m as unknown as [string, string, string, string, string];
  // unquoted, the filter ends at a space: `company:lorus gem` is typing a word, not a name
  if (!quote && /\s/.test(rest)) return undefined;
  return { head: typed.slice(0, m.index) + space, key, prefix: rest };
}

/** A company name as a `company:` filter: quoted when it has a space. */
const asFilter = (key: string, name: string) => `${key}${/[\s"]/.test(name) ? `"${name.replace(/"/g, '')}"` : name}`;

/**
 * Completions of a `company:` filter from the issuers the index holds (never from words):
 * the company facet of every release whose company the prefix matches, biggest first.
 */
export async function suggestCompanies(engine: Engine, typed: string, limit: number): Promise<string[] | undefined> {
  const at = companyPrefix(typed);
  if (!at) return undefined;
  const words = companyWords(at.prefix);
  if (words.length === 0) return [];
  const answer = await engine.search({ query: { kind: 'all' }, filters: { companies: [words] }, order: 'relevance', offset: 0, limit: 0, facets: ['company'] });
  return companyFacet(answer.facets.company, limit).map((f) => at.head + asFilter(at.key, f.value));
}
