import type { FilingIdentity } from '../filing/filing-identity.js';
import type { ReleaseEntities } from './release-entities.js';

/**
 * Where a release was found: the filing (relative path) and the document inside it, with the
 * filing's EDGAR identity where its header or EDGAR-style file name gives it (absent otherwise).
 */
export interface Source extends FilingIdentity {
  file: string;
  part: string;
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
  /** What it names (codes, trials, phases, brands), found at ingest; absent on a release not yet analysed. */
  entities?: ReleaseEntities;
}
