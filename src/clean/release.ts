/**
 * Where a release was found: the filing (relative path) and the document inside it, with the
 * filing's EDGAR identity where its header or EDGAR-style file name gives it (absent otherwise).
 */
export interface Source {
  file: string;
  part: string;
  /** Central Index Key without leading zeros (`320193`). */
  cik?: string;
  /** The filer's conformed name from the SEC header (`APPLE INC`). */
  company?: string;
  /** `0000320193-19-000032`. */
  accession?: string;
  /** The submission's form type: `8-K`, `8-K/A`, `6-K`, … */
  form?: string;
  /** ISO date of the header's FILED AS OF DATE. */
  filedAt?: string;
  /** The exhibit the release was in (`EX-99.1`). */
  exhibit?: string;
  /** The filing's index page on sec.gov. */
  secUrl?: string;
}

/** Text the cleaner dropped from a release, kept so a reviewer can check both directions. */
export interface Removed {
  /** `contact`, `safe-harbor`, `about-company`, `page-mark`, `recurring`, … */
  kind: string;
  text: string;
}

/** One clean press release: what the index stores and the pages show. */
export interface Release {
  /** Stable across machines and reindexes: derived from content, not file order. */
  id: string;
  title: string;
  subtitle: string;
  /** ISO date YYYY-MM-DD ('' when unknown). */
  date: string;
  place: string;
  company: string;
  /** Normalised `EXCHANGE:SYMBOL`, e.g. `TSX:LOR`. */
  tickers: string[];
  /** Clean paragraphs separated by a blank line (`\n\n`). */
  body: string;
  sources: Source[];
  removed: Removed[];
}
