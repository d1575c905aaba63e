/**
 * A release's EDGAR identity (CIK, form type, accession number, filing date, EDGAR link), read
 * from optional fields. Releases do not carry them yet; once they do, exports and feeds fill in
 * from here without another change. The one place that names these fields.
 */
export interface ReleaseIdentity {
  cik: string;
  form: string;
  accession: string;
  /** The filing date (ISO), '' when unknown. */
  filedAt: string;
  /** The filing on EDGAR, '' when unknown. */
  secUrl: string;
}

type MaybeIdentity = { cik?: unknown; form?: unknown; accession?: unknown; filedAt?: unknown; secUrl?: unknown };

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The identity of a release (or a search hit) as far as it is known; '' for each field that is not. */
export function identityOf(release: object): ReleaseIdentity {
  const r = release as MaybeIdentity;
  const secUrl = text(r.secUrl);
  return {
    cik: text(r.cik),
    form: text(r.form),
    accession: text(r.accession),
    filedAt: text(r.filedAt),
    // only a web link is a link: a field holding anything else is not offered as one
    secUrl: /^https?:\/\//i.test(secUrl) ? secUrl : '',
  };
}
