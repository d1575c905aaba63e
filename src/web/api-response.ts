import type { SearchResponse } from '../search/search-types.js';
import { renderRuns } from './render-runs.js';
import { identityOf } from '../search/release-identity.js';

/** The public JSON shape (`snippet`: HTML whose only tags are `<mark>` and `</mark>`, everything else escaped) of a search (the `/api/search` contract, also `npm run search -- --json`). */
export function toApiResponse(out: SearchResponse) {
  return {
    query: out.query,
    total: out.total,
    page: out.page,
    size: out.size,
    tookMs: out.tookMs,
    results: out.results.map((h) => ({ id: h.id, title: h.title, date: h.date, company: h.company, tickers: h.tickers, ...filingFields(h), score: h.score, snippet: renderRuns(h.snippetRuns), sources: h.sources })),
    facets: out.facets,
    ...(out.totalIsEstimate ? { totalIsEstimate: true } : {}),
    ...(out.didYouMean ? { didYouMean: out.didYouMean, corrected: out.corrected === true } : {}),
    ...(out.relaxed ? { relaxed: out.relaxed } : {}),
    messages: out.messages,
  };
}

/** The EDGAR identity of a hit's (first identified) source: only the fields it has (nothing invented). */
function filingFields(h: SearchResponse['results'][number]): { cik?: string; accession?: string; form?: string; filedAt?: string; secUrl?: string } {
  const id = identityOf(h);
  return Object.fromEntries((['cik', 'accession', 'form', 'filedAt', 'secUrl'] as const).filter((k) => id[k]).map((k) => [k, id[k]]));
}

export type ApiSearchResponse = ReturnType<typeof toApiResponse>;
