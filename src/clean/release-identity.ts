/**
 * A release's EDGAR identity (CIK, form type, accession number, filing date, EDGAR link), read
 * from optional fields: the release's own, else its first source's (the SEC header or EDGAR file
 * name gave them; see filing/filing-identity.ts). The one place that names these fields.
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
  // a release's own fields, else its first source's (Source in clean/release.ts carries them)
  const sources = (release as { sources?: unknown }).sources;
  const list = (Array.isArray(sources) ? sources : []).filter((s): s is MaybeIdentity => typeof s === 'object' && s !== null);
  // the first source that has an identity (a copy merged from a CSV export has none)
  const first = list.find((s) => s.accession || s.cik || s.secUrl) ?? list[0] ?? {};
  const own = release as MaybeIdentity;
  const r: MaybeIdentity = {
    cik: own.cik ?? first.cik, form: own.form ?? first.form, accession: own.accession ?? first.accession,
    filedAt: own.filedAt ?? first.filedAt, secUrl: own.secUrl ?? first.secUrl,
  };
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
