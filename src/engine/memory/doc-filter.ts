import { dayOf, type DocInfo, type DocTable } from './doc-table.js';

/** A filter on what the engine keeps of each release, in a form it can evaluate over arrays. */
export interface DocFilter {
  /** Which company names pass: asked once per distinct name, not once per release. */
  company?: (name: string) => boolean;
  tickers?: (tickers: readonly string[]) => boolean;
  /** Inclusive bounds on the date as YYYYMMDD; a release without a date fails any bound. */
  fromDay?: number;
  toDay?: number;
  /** Only releases dated in one of these years. */
  years?: ReadonlySet<number>;
  /** Only these releases. */
  ids?: ReadonlySet<string>;
  /** Only releases of these issuers (CIKs without leading zeros). */
  ciks?: ReadonlySet<string>;
  /** Only releases with one of these form types (upper case). */
  forms?: ReadonlySet<string>;
  /** Only releases naming one of these codes (keys), registry ids (upper case) or phases (canonical). */
  codes?: ReadonlySet<string>;
  trials?: ReadonlySet<string>;
  phases?: ReadonlySet<string>;
}

const hasForm = (forms: ReadonlySet<string>, of: readonly string[]) => of.some((x) => forms.has(x));

const hasDayBound = (f: DocFilter) => f.fromDay !== undefined || f.toDay !== undefined;

/** The filter as a predicate on stored fields (what MiniSearch's own search takes). */
export function docFilterTest(f: DocFilter): (doc: DocInfo, id: string) => boolean {
  return (d, id) => {
    if (f.ids && !f.ids.has(id)) return false;
    if (f.company && !f.company(d.company)) return false;
    if (f.tickers && !f.tickers(d.tickers)) return false;
    if (f.ciks && !f.ciks.has(d.cik)) return false;
    if (f.forms && !hasForm(f.forms, d.forms)) return false;
    if (f.codes && !hasForm(f.codes, d.codes)) return false;
    if (f.trials && !hasForm(f.trials, d.trials)) return false;
    if (f.phases && !hasForm(f.phases, d.phases)) return false;
    const day = dayOf(d.date);
    if (f.years && !f.years.has(Math.floor(day / 10000))) return false;
    if (!hasDayBound(f)) return true;
    return day > 0 && day >= (f.fromDay ?? 0) && day <= (f.toDay ?? Infinity);
  };
}

/** 1 per company number whose name the filter keeps: the filter asked once per name. */
function companyMask(keeps: (name: string) => boolean, table: DocTable): Uint8Array {
  const mask = new Uint8Array(table.companies.length);
  table.companies.forEach((name, i) => {
    mask[i] = keeps(name) ? 1 : 0;
  });
  return mask;
}

/** The filter over release numbers: a company mask and day bounds read from the table's arrays. */
export function compileDocFilter(f: DocFilter, table: DocTable): (doc: number) => boolean {
  const mask = f.company && companyMask(f.company, table);
  const bounded = hasDayBound(f);
  const from = f.fromDay ?? 1;
  const to = f.toDay ?? Number.MAX_SAFE_INTEGER;
  let cikMask: Uint8Array | undefined;
  if (f.ciks) {
    cikMask = new Uint8Array(table.ciks.length);
    table.ciks.forEach((cik, i) => {
      cikMask![i] = f.ciks!.has(cik) ? 1 : 0;
    });
  }
  const forms = f.forms;
  const codeMask = f.codes && table.codes.mask(f.codes);
  const trialMask = f.trials && table.trials.mask(f.trials);
  const phaseMask = f.phases && table.phases.mask(f.phases);
  const { company, day, info, ids, cik } = table;
  const tickers = f.tickers;
  const only = f.ids;
  const years = f.years;
  return (doc) => {
    if (only && !only.has(ids[doc]!)) return false;
    if (years && !years.has(Math.floor(day[doc]! / 10000))) return false;
    if (mask && mask[company[doc]!] === 0) return false;
    if (cikMask && cikMask[cik[doc]!] === 0) return false;
    if (forms && !hasForm(forms, info[doc]!.forms)) return false;
    if (codeMask && !table.codes.holds(doc, codeMask)) return false;
    if (trialMask && !table.trials.holds(doc, trialMask)) return false;
    if (phaseMask && !table.phases.holds(doc, phaseMask)) return false;
    if (bounded) {
      const d = day[doc]!;
      if (d <= 0 || d < from || d > to) return false;
    }
    return !tickers || tickers(info[doc]!.tickers);
  };
}

/**
 * The releases a filter keeps, as 1 per release number (the `only` mask of match-query.ts): the
 * company and year tests are passes over the table's arrays, and only the releases left are asked
 * the rest of the filter (`keep`, from compileDocFilter). Ids (a watch's, a related search's) are
 * looked up one by one with `docOf`, not compared with every release's.
 */
export function filterMask(f: DocFilter, table: DocTable, keep: (doc: number) => boolean, docOf?: (id: string) => number | undefined): Uint8Array {
  const { live, company, day } = table;
  const n = live.length;
  let mask: Uint8Array;
  if (f.ids && docOf) {
    mask = new Uint8Array(n);
    for (const id of f.ids) {
      const doc = docOf(id);
      if (doc !== undefined && doc < n && live[doc]) mask[doc] = 1;
    }
  } else mask = Uint8Array.from(live);
  if (f.company) {
    const named = companyMask(f.company, table);
    for (let doc = 0; doc < n; doc++) if (named[company[doc]!] === 0) mask[doc] = 0;
  }
  if (f.years) {
    const years = f.years;
    for (let doc = 0; doc < n; doc++) if (mask[doc] !== 0 && !years.has(Math.floor(day[doc]! / 10000))) mask[doc] = 0;
  }
  for (let doc = 0; doc < n; doc++) if (mask[doc] !== 0 && !keep(doc)) mask[doc] = 0;
  return mask;
}
