import type { Source } from '../clean/release.js';
import type { TextRun } from '../analysis/match-spans.js';
import type { Order } from '../engine/engine.js';

export type { TextRun } from '../analysis/match-spans.js';

/** A search as the web and CLI layers ask for it (already bounded). */
export interface SearchRequest {
  /** The raw query string in the query language. */
  q: string;
  /** 1-based. */
  page: number;
  size: number;
  sort: Order;
  /** Filters given apart from the query text (URL parameters); same meaning as `company:` etc. */
  filters?: SearchFilters;
  /** Answer the query as typed, never a corrected one ("search instead for …"). */
  asTyped?: boolean;
}

/**
 * Narrowing a search to issuers or a date range. Dates are ISO `YYYY-MM-DD`. Several companies or
 * years: releases of any of them (facets pick several values).
 */
export interface SearchFilters {
  /** Each: words that must start words of the company name (`lorus ther`), punctuation aside. */
  company?: string[];
  ticker?: string;
  from?: string;
  to?: string;
  year?: number[];
  /** Issuers by SEC Central Index Key (digits, no leading zeros); any of them. */
  cik?: string[];
  /** SEC form types (`8-K`, `6-K`, `8-K/A`), upper case; any of them. */
  form?: string[];
  /** Codes a release names, as the analyzer's terms (`gti2040`); any of them. */
  code?: string[];
  /** Trial registry ids (`NCT05512345`), upper case; any of them. */
  trial?: string[];
  /** Phases as typed and checked (`2`, `2b`, `1/2`, `pivotal`): each stands for its family (phaseFamily); any of them. */
  phase?: string[];
}


export interface SearchHit {
  id: string;
  title: string;
  titleRuns: TextRun[];
  date: string;
  company: string;
  tickers: string[];
  score: number;
  /** The best window of the body, as runs flagged where they matched (templates escape them). */
  snippetRuns: TextRun[];
  sources: Source[];
  /** The codes the release names (key and shown spelling): what its title and snippet link. */
  codes?: { key: string; display: string }[];
}

export interface FacetCount {
  value: string;
  count: number;
  /** A company entry that stands for one issuer by its SEC CIK: picking it filters by `cik`. */
  cik?: string;
}

export interface SearchResponse {
  query: string;
  total: number;
  page: number;
  size: number;
  tookMs: number;
  results: SearchHit[];
  /**
   * `company`: one entry per issuer (see facets.ts); `form`: form types of the matches' filings, most first;
   * `codes`: by the spelling shown (`code:` + value filters by it); `trials`: registry ids; `phases`: canonical.
   */
  facets: { company: FacetCount[]; year: FacetCount[]; form: FacetCount[]; codes?: FacetCount[]; trials?: FacetCount[]; phases?: FacetCount[] };
  /** Set when `total` is an estimate (a phrase with more candidates than could be checked). */
  totalIsEstimate?: true;
  /** With an estimated total: how far the results can be paged. */
  pageable?: number;
  /** Set when a word that matches nothing has a likely correction: the corrected query. */
  didYouMean?: string;
  /**
   * With `didYouMean`: true when the results are for it (the correction was sure), false when
   * the query typed was answered (nothing) and the correction is only offered.
   */
  corrected?: boolean;
  /**
   * Set when no release holds every word: the results hold `matched` of the `of` word groups,
   * without the `dropped` ones.
   */
  relaxed?: { matched: number; of: number; dropped: string[] };
  /** Readable notes about the query (ignored syntax, corrections). */
  messages: string[];
}
