import type { Release } from '../clean/release.js';
import type { Engine, QueryNode } from '../engine/engine.js';
import { isCode, queryTerms } from '../analysis/terms.js';
import { entityQuery } from './entity-pages.js';

export interface RelatedRelease {
  id: string;
  title: string;
  date: string;
  company: string;
  /** Why: the codes it shares (shown spellings), else that it shares rare words. */
  shared: string[];
}

export const MAX_RELATED = 5;
// Releases naming a shared code that are read to rank them by how many they share.
const CODE_CANDIDATES = 40;
// Words of the headline asked for (BM25 weighs the rare ones most); a longer OR of the opening's
// words too cost 34 ms at p99 on the shipped corpus, most of it common words' postings.
const MAX_WORDS = 8;
const MIN_WORD = 5;

/**
 * Up to five releases like this one: first those naming its codes (most shared first, then
 * newest), then those sharing its rarest words (an OR of its headline's words, ranked by BM25,
 * which weighs a word by how few releases hold it).
 */
export async function relatedReleases(engine: Engine, release: Release): Promise<RelatedRelease[]> {
  const out: RelatedRelease[] = [];
  const seen = new Set([release.id]);
  const codes = release.entities?.codes ?? [];
  if (codes.length) {
    const keys = codes.slice(0, 20).map((c) => c.key);
    // the codes' own terms, OR'd, with the filter: their postings are read, not every release
    const query: QueryNode = { kind: 'or', items: keys.map((k) => entityQuery('code', k)) };
    const answer = await engine.search({ query: query.items.some((i) => i.kind === 'all') ? { kind: 'all' } : query, filters: { codes: keys }, order: 'date', offset: 0, limit: CODE_CANDIDATES });
    const read = await engine.releases(answer.hits.map((h) => h.id).filter((id) => !seen.has(id)));
    const mine = new Map(codes.map((c) => [c.key, c.display]));
    const ranked = read
      .filter((r): r is Release => r !== undefined)
      .map((r, i) => ({ r, i, shared: (r.entities?.codes ?? []).filter((c) => mine.has(c.key)).map((c) => mine.get(c.key)!) }))
      .sort((a, b) => b.shared.length - a.shared.length || a.i - b.i);
    for (const { r, shared } of ranked.slice(0, MAX_RELATED)) {
      seen.add(r.id);
      out.push({ id: r.id, title: r.title, date: r.date, company: r.company, shared });
    }
  }
  if (out.length < MAX_RELATED) {
    const words = [...new Set(queryTerms(release.title).filter((t) => t.length >= MIN_WORD || isCode(t)))].slice(0, MAX_WORDS);
    if (words.length) {
      const query: QueryNode = { kind: 'or', items: words.map((term) => ({ kind: 'term', term })) };
      const answer = await engine.search({ query, order: 'relevance', offset: 0, limit: MAX_RELATED + seen.size + 1 });
      const ids = answer.hits.map((h) => h.id).filter((id) => !seen.has(id)).slice(0, MAX_RELATED - out.length);
      const read = await engine.releases(ids);
      for (const r of read) if (r) out.push({ id: r.id, title: r.title, date: r.date, company: r.company, shared: [] });
    }
  }
  return out;
}
