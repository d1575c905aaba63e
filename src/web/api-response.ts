import type { SearchResponse } from '../search/search-types.js';

/** The public JSON shape of a search (the `/api/search` contract, also `npm run search -- --json`). */
export function toApiResponse(out: SearchResponse) {
  return {
    query: out.query,
    total: out.total,
    page: out.page,
    size: out.size,
    tookMs: out.tookMs,
    results: out.results.map((h) => ({ id: h.id, title: h.title, date: h.date, company: h.company, tickers: h.tickers, score: h.score, snippet: h.snippet, sources: h.sources })),
    facets: out.facets,
    ...(out.totalIsEstimate ? { totalIsEstimate: true } : {}),
    ...(out.didYouMean ? { didYouMean: out.didYouMean } : {}),
    messages: out.messages,
  };
}

export type ApiSearchResponse = ReturnType<typeof toApiResponse>;
