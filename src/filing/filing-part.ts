import type { BlockStyle } from './block-style.js';
import type { FilingIdentity } from './filing-identity.js';

/** Metadata a filing's container gives about one of its documents. */
export interface FilingMeta {
  /** Issuer name from the SEC header, CSV or cover page. */
  company?: string;
  cik?: string;
  /** Form type of the filing (8-K, 6-K) or of the document (EX-99.1). */
  formType?: string;
  /** ISO date (YYYY-MM-DD) the filing was made; used when a release has no dateline. */
  filedAt?: string;
  /** Headline given by the container (CSV `headline` column). */
  headline?: string;
  url?: string;
  /** The filing's EDGAR identity (header or EDGAR-style file name), copied onto each release's source. */
  identity?: FilingIdentity;
}

/** One document inside a filing that may hold one or more press releases, as plain text. */
export interface FilingPart {
  /** Path of the filing relative to the corpus root, with `/` separators. */
  file: string;
  /** Which document inside the file: `EX-99.1`, `release 3 of 8`, `row 12`, `document`. */
  part: string;
  /** Plain text: HTML converted, line breaks kept so that fixed-width layouts can be read. */
  text: string;
  meta: FilingMeta;
  /** For HTML documents: the face each uniformly styled paragraph is set in, by `blockKey`. */
  styles?: ReadonlyMap<string, BlockStyle>;
}

/** A part of a filing that yields no release, and why. */
export interface Skipped {
  file: string;
  part: string;
  reason: string;
}
