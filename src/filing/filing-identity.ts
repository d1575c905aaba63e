/**
 * A filing's identity on EDGAR: who filed it (CIK, conformed name), which filing it is
 * (accession number, form type, filing date) and where it is on sec.gov. Read from the SEC
 * header where there is one, and from EDGAR's own file names (`<cik>-<accession>.txt`,
 * `<accession>.txt` under `edgar/data/<cik>/` or the fetcher's `edgar/<cik>/`) where it is
 * missing; what neither gives stays absent.
 */
export interface FilingIdentity {
  /** Central Index Key without leading zeros (`320193`). */
  cik?: string;
  /** The filer's conformed name (`APPLE INC`). */
  company?: string;
  /** `0000320193-19-000032`. */
  accession?: string;
  /** The submission's form type (`8-K`, `8-K/A`, `6-K`). */
  form?: string;
  /** ISO date of the header's FILED AS OF DATE. */
  filedAt?: string;
  /** The exhibit a document is (`EX-99.1`); set per document, not here. */
  exhibit?: string;
  /** The filing's index page on sec.gov. */
  secUrl?: string;
}

export function headerField(header: string, name: string): string | undefined {
  const m = new RegExp(`^\\s*${name}:\\s*(.+?)\\s*$`, 'm').exec(header);
  return m?.[1];
}

export function isoDate(yyyymmdd: string | undefined): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(yyyymmdd ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/**
 * The header section naming who made the filing. A tender offer (SC TO-T, SC TO-C), a 13D or a
 * merger communication names the SUBJECT COMPANY (the target) first and the filer under FILED BY;
 * a press release in it is the filer's, so its company, CIK and "About" blurb are the filer's.
 */
export function filerSection(header: string): string {
  const at = header.search(/^[ \t]*(FILED BY|FILER):[ \t]*$/m);
  if (at < 0) return header;
  const rest = header.slice(at);
  // the section runs to the next top-level one (`SUBJECT COMPANY:`, `REPORTING-OWNER:`, …)
  const body = rest.indexOf('\n') + 1;
  const next = body > 0 ? rest.slice(body).search(/^[A-Z][A-Z -]+:[ \t]*$/m) : -1;
  return next < 0 ? rest : rest.slice(0, body + next);
}

const ACCESSION = /^\d{10}-\d{2}-\d{6}$/;
const CIK = /^\d{1,10}$/;

/** A CIK as EDGAR's paths write it: no leading zeros (undefined for none or all zeros). */
function bareCik(cik: string | undefined): string | undefined {
  if (!cik || !CIK.test(cik)) return undefined;
  const bare = cik.replace(/^0+/, '');
  return bare || undefined;
}

/** The filing index page on sec.gov for a CIK and accession number. */
export function secIndexUrl(cik: string, accession: string): string {
  return `https://www.sec.gov/Archives/edgar/data/${cik}/${accession.replace(/-/g, '')}/${accession}-index.htm`;
}

/** CIK and accession from an EDGAR-style path (relative to the corpus, `/` or `\` separators). */
function fromPath(path: string): { cik?: string; accession?: string } {
  const segments = path.split(/[\\/]+/).filter(Boolean);
  const name = segments[segments.length - 1] ?? '';
  const dirs = segments.slice(0, -1);
  const joined = /^(\d{1,10})-(\d{10}-\d{2}-\d{6})\.txt$/i.exec(name);
  if (joined) {
    const cik = bareCik(joined[1]);
    return cik ? { cik, accession: joined[2]! } : { accession: joined[2]! };
  }
  const alone = /^(\d{10}-\d{2}-\d{6})\.txt$/i.exec(name);
  if (!alone) return {};
  const accession = alone[1]!;
  // EDGAR's folder of the filing (`<cik>/<accession without dashes>/`) or its parent (`<cik>/`)
  let i = dirs.length - 1;
  if (dirs[i] === accession.replace(/-/g, '')) i--;
  const parent = dirs[i];
  const above = dirs[i - 1]?.toLowerCase();
  const aboveThat = dirs[i - 2]?.toLowerCase();
  const underEdgar = (above === 'data' && aboveThat === 'edgar') || above === 'edgar';
  const cik = underEdgar ? bareCik(parent) : undefined;
  return cik ? { cik, accession } : { accession };
}

/** Every `FILER:` section of a header with its CIK and conformed name, in order. */
function filers(header: string): { cik?: string; company?: string }[] {
  const out: { cik?: string; company?: string }[] = [];
  const re = /^[ \t]*FILER:[ \t]*$/gm;
  const starts: number[] = [];
  for (let m = re.exec(header); m; m = re.exec(header)) starts.push(m.index);
  starts.forEach((at, i) => {
    const section = header.slice(at, starts[i + 1] ?? header.length);
    const cik = bareCik(headerField(section, 'CENTRAL INDEX KEY'));
    const company = headerField(section, 'COMPANY CONFORMED NAME');
    out.push({ ...(cik ? { cik } : {}), ...(company ? { company } : {}) });
  });
  return out;
}

/**
 * Who filed, as the header says: the filer (FILED BY) of a filing about a subject company; among
 * co-registrants (a holding company filing with its subsidiaries), the one the file is saved under
 * (`92122-…txt`), else the one whose number starts the accession (the filer agent), else the first.
 */
export function chooseFiler(header: string, namedCik?: string, accession?: string): { cik?: string; company?: string } {
  const all = filers(header);
  if (all.length > 1) {
    const agent = bareCik(accession?.slice(0, 10));
    const pick = all.find((f) => namedCik && f.cik === namedCik) ?? all.find((f) => agent && f.cik === agent);
    if (pick) return pick;
  }
  const section = filerSection(header);
  const cik = bareCik(headerField(section, 'CENTRAL INDEX KEY') ?? headerField(header, 'CENTRAL INDEX KEY'));
  const company = headerField(section, 'COMPANY CONFORMED NAME') ?? headerField(header, 'COMPANY CONFORMED NAME');
  return { ...(cik ? { cik } : {}), ...(company ? { company } : {}) };
}

/**
 * The identity of the filing at `path` (relative to the corpus root), from its SEC header text
 * when given (it wins over the file name) and its EDGAR-style name. Pure; fields neither gives
 * are absent. `secUrl` needs both CIK and accession.
 */
export function filingIdentity(path: string, header?: string): FilingIdentity {
  const out: FilingIdentity = {};
  const named = fromPath(path);
  if (header) {
    const accessionAt = headerField(header, 'ACCESSION NUMBER');
    const filer = chooseFiler(header, named.cik, accessionAt);
    if (filer.cik) out.cik = filer.cik;
    if (filer.company) out.company = filer.company;
    const accession =
      accessionAt ?? /<SEC-(?:DOCUMENT|HEADER)>\s*(\d{10}-\d{2}-\d{6})\./.exec(header)?.[1];
    if (accession && ACCESSION.test(accession)) out.accession = accession;
    const form = headerField(header, 'CONFORMED SUBMISSION TYPE');
    if (form) out.form = form.toUpperCase();
    const filed = isoDate(headerField(header, 'FILED AS OF DATE'));
    if (filed) out.filedAt = filed;
  }
  if (!out.cik && named.cik) out.cik = named.cik;
  if (!out.accession && named.accession) out.accession = named.accession;
  if (out.cik && out.accession) out.secUrl = secIndexUrl(out.cik, out.accession);
  return out;
}

/** Whether an identity says anything. */
export function hasIdentity(id: FilingIdentity): boolean {
  return Object.keys(id).length > 0;
}
