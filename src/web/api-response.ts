import type { SearchResponse } from '../search/search-types.js';
import { renderRuns } from './render-runs.js';

/** The public JSON shape (`snippet`: HTML whose only tags are `<mark>` and `</mark>`, everything else escaped) of a search (the `/api/search` contract, also `npm run search -- --json`). */
export function toApiResponse(out: SearchResponse) {
  return {
    query: out.query,
    total: out.total,
    page: out.page,
    size: out.size,
    tookMs: out.tookMs,
    results: out.results.map((h) => ({ id: h.id, title: h.title, date: h.date, company: h.company, tickers: h.tickers, score: h.score, snippet: renderRuns(h.snippetRuns), sources: h.sources })),
    facets: out.facets,
    ...(out.totalIsEstimate ? { totalIsEstimate: true } : {}),
    ...(out.didYouMean ? { didYouMean: out.didYouMean, corrected: out.corrected === true } : {}),
    ...(out.relaxed ? { relaxed: out.relaxed } : {}),
    messages: out.messages,
  };
}

export type ApiSearchResponse = ReturnType<typeof toApiResponse>;
