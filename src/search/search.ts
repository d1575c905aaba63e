import type { LoadedIndex } from '../index/loaded-index.js';
import { renderRuns } from './render-runs.js';
import type { SearchHit, SearchRequest, SearchResponse } from './search-types.js';
import { markTerms, snippet } from './snippet.js';

/** Run one query against a loaded index: ranked, paged hits with highlighted snippets. */
export function search(index: LoadedIndex, req: SearchRequest): SearchResponse {
  const started = performance.now();
  const q = req.q.trim();
  const hits = q ? index.engine.search(q) : [];
  const from = (req.page - 1) * req.size;
  const results: SearchHit[] = [];
  for (const hit of hits.slice(from, from + req.size)) {
    const release = index.store.get(hit.id);
    if (!release) continue;
    const terms = new Set(hit.terms);
    const snippetRuns = snippet(release.body, terms);
    results.push({
      id: release.id,
      title: release.title,
      titleRuns: markTerms(release.title, terms),
      date: release.date,
      company: release.company,
      tickers: release.tickers,
      score: hit.score,
      snippet: renderRuns(snippetRuns),
      snippetRuns,
      sources: release.sources,
    });
  }
  return {
    query: req.q,
    total: hits.length,
    page: req.page,
    size: req.size,
    tookMs: Math.round((performance.now() - started) * 100) / 100,
    results,
    facets: { company: [], year: [] },
    messages: [],
  };
}
