/** Bounds on a search request, the same from the web and the command line. */
export const MAX_QUERY_LENGTH = 500;
/** Results per page the page offers; the largest is the most any request may ask for. */
export const PAGE_SIZES = [10, 20, 50] as const;
export const MAX_PAGE_SIZE = PAGE_SIZES[PAGE_SIZES.length - 1]!;
export const MAX_PAGE = 1000;
/** A filter value (company, ticker) longer than this is refused. */
export const MAX_FILTER_LENGTH = 100;
/** Distinct terms a query may have (words, phrase words, prefixes, exclusions); the rest are dropped, and the page says so. */
export const MAX_QUERY_TERMS = 31;
/** Quoted phrases a query may have: each is checked against the text of every candidate and marked in every snippet. */
export const MAX_QUERY_PHRASES = 8;
