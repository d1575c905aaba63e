import { quarterKey, type FacetName } from '../engine.js';
import type { DocTable } from './doc-table.js';
import type { FacetCounts } from './engine-query.js';
import { ValueLists } from './value-lists.js';

// years 1900–2155 (and their quarters) in arrays; any other date in a Map
const FIRST_YEAR = 1900;
const YEARS = 256;

/** Counts by value number over a set of releases: arrays, so the counts of two sets subtract. */
interface Raw {
  company: Int32Array;
  cik: Int32Array;
  /** The issuer facet names a release without a CIK by its company. */
  companyNoCik: Int32Array;
  year: Int32Array;
  otherYears: Map<string, number>;
  form: Int32Array;
  /** Forms of releases filed under several (no single form number). */
  forms: Map<string, number>;
  quarter: Int32Array;
  otherQuarters: Map<string, number>;
  code?: Int32Array;
  trial?: Int32Array;
  phase?: Int32Array;
  /** The list facets of a small set, counted straight into Maps (ValueLists.countNamed). */
  lists?: { code: Map<string, number>; trial: Map<string, number>; phase: Map<string, number> };
}

const EVERY_FACET: readonly FacetName[] = ['company', 'year', 'quarter', 'cik', 'form', 'issuer', 'code', 'trial', 'phase'];
// every live release's counts, per doc table (a table is made anew when the index changes)
const ofAll = new WeakMap<DocTable, Raw>();

/**
 * The facets of the releases `docs` (ascending numbers). A set holding most of the index (a
 * common word's 97,000 of 100,000) is counted as every release less the few it lacks: the counts
 * of every release are made once per index, so such a set costs what its complement costs.
 */
export function facetCounts(table: DocTable, docs: Int32Array, asked: readonly FacetName[], listLimit?: number): FacetCounts {
  if (docs.length <= table.live.length / 2) return countedOneByOne(table, docs, asked, listLimit);
  let all = ofAll.get(table);
  if (!all) {
    const every = liveDocs(table);
    all = count(table, every, every.length, EVERY_FACET);
    ofAll.set(table, all);
  }
  const rest = complement(table, docs);
  return toFacets(table, minus(all, count(table, rest, rest.length, asked)), asked, listLimit);
}

/**
 * The same counted release by release, whatever the set's size. With `listLimit`, the code and
 * trial facets hold only their `listLimit` most counted values (ties by name).
 */
export function countedOneByOne(table: DocTable, docs: Int32Array, asked: readonly FacetName[], listLimit?: number): FacetCounts {
  const n = docs.length;
  const raw = count(table, docs, n, asked.filter((f) => f !== 'code' && f !== 'trial' && f !== 'phase'));
  const none = new Map<string, number>();
  raw.lists = {
    code: asked.includes('code') ? table.codes.countNamed(docs, n, (k) => table.codeDisplay[k]!, listLimit) : none,
    trial: asked.includes('trial') ? table.trials.countNamed(docs, n, (k) => table.trials.values[k]!, listLimit) : none,
    phase: asked.includes('phase') ? table.phases.countNamed(docs, n, (k) => table.phases.values[k]!) : none,
  };
  return toFacets(table, raw, asked);
}

function liveDocs(table: DocTable): Int32Array {
  const { live } = table;
  const out = new Int32Array(live.length);
  let n = 0;
  for (let doc = 0; doc < live.length; doc++) if (live[doc]) out[n++] = doc;
  return out.subarray(0, n);
}

/** The live releases not in `docs`. */
function complement(table: DocTable, docs: Int32Array): Int32Array {
  const { live } = table;
  const out = new Int32Array(Math.max(0, live.length - docs.length));
  let n = 0;
  let j = 0;
  for (let doc = 0; doc < live.length; doc++) {
    if (j < docs.length && docs[j] === doc) j++;
    else if (live[doc]) out[n++] = doc;
  }
  return out.subarray(0, n);
}

function count(table: DocTable, docs: Int32Array, n: number, asked: readonly FacetName[]): Raw {
  const { companies, ciks, formNames } = table;
  const raw: Raw = {
    company: new Int32Array(companies.length),
    cik: new Int32Array(ciks.length),
    companyNoCik: new Int32Array(companies.length),
    year: new Int32Array(YEARS),
    otherYears: new Map(),
    form: new Int32Array(formNames.length),
    forms: new Map(),
    quarter: new Int32Array(YEARS * 4),
    otherQuarters: new Map(),
  };
  countPerRelease(docs, n, table.company, table.cik, table.day, raw.company, raw.cik, raw.companyNoCik, raw.year, raw.otherYears);
  if (asked.includes('form')) {
    const { form, info } = table;
    for (let i = 0; i < n; i++) {
      const doc = docs[i]!;
      const code = form[doc]!;
      if (code >= 0) raw.form[code]!++;
      else for (const f of info[doc]!.forms) raw.forms.set(f, (raw.forms.get(f) ?? 0) + 1);
    }
  }
  if (asked.includes('quarter')) countQuarters(docs, n, table.day, raw.quarter, raw.otherQuarters);
  // codes, trials and phases: array increments over the table's value lists, only when asked
  if (asked.includes('code')) raw.code = table.codes.count(docs, n);
  if (asked.includes('trial')) raw.trial = table.trials.count(docs, n);
  if (asked.includes('phase')) raw.phase = table.phases.count(docs, n);
  return raw;
}

/** `all` less `part` (the counts of a subset of it), as new counts. */
function minus(all: Raw, part: Raw): Raw {
  const sub = (a: Int32Array, b: Int32Array | undefined) => {
    // slice copies the array as it is; Int32Array.from walks it with an iterator (5x slower)
    const out = a.slice();
    if (b) for (let i = 0; i < b.length; i++) out[i]! -= b[i]!;
    return out;
  };
  const subMap = (a: Map<string, number>, b: Map<string, number>) => {
    const out = new Map(a);
    for (const [k, v] of b) out.set(k, out.get(k)! - v);
    return out;
  };
  return {
    company: sub(all.company, part.company),
    cik: sub(all.cik, part.cik),
    companyNoCik: sub(all.companyNoCik, part.companyNoCik),
    year: sub(all.year, part.year),
    otherYears: subMap(all.otherYears, part.otherYears),
    form: sub(all.form, part.form),
    forms: subMap(all.forms, part.forms),
    quarter: sub(all.quarter, part.quarter),
    otherQuarters: subMap(all.otherQuarters, part.otherQuarters),
    ...(part.code ? { code: sub(all.code!, part.code) } : {}),
    ...(part.trial ? { trial: sub(all.trial!, part.trial) } : {}),
    ...(part.phase ? { phase: sub(all.phase!, part.phase) } : {}),
  };
}

function toFacets(table: DocTable, raw: Raw, asked: readonly FacetName[], listLimit?: number): FacetCounts {
  const { companies, ciks, formNames } = table;
  const named = (counts: Int32Array, names: readonly (string | undefined)[], out = new Map<string, number>(), key = (s: string) => s) => {
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i]!;
      const name = names[i];
      if (c > 0 && name) out.set(key(name), (out.get(key(name)) ?? 0) + c);
    }
    return out;
  };
  const positive = (m: Map<string, number>, out = new Map<string, number>()) => {
    for (const [k, v] of m) if (v > 0) out.set(k, v);
    return out;
  };
  const year = new Map<string, number>();
  raw.year.forEach((c, i) => c > 0 && year.set(String(FIRST_YEAR + i), c));
  positive(raw.otherYears, year);
  const cik = named(raw.cik, ciks);
  const issuer = new Map<string, number>();
  for (const [value, c] of cik) issuer.set(`cik:${value}`, c);
  named(raw.companyNoCik, companies, issuer, (name) => `name:${name}`);
  const quarter = new Map<string, number>();
  if (asked.includes('quarter')) {
    raw.quarter.forEach((c, i) => c > 0 && quarter.set(`${FIRST_YEAR + (i >> 2)}-Q${(i & 3) + 1}`, c));
    positive(raw.otherQuarters, quarter);
  }
  const list = (counts: Int32Array | undefined, name: (k: number) => string, limit?: number) =>
    !counts ? new Map<string, number>() : limit === undefined ? ValueLists.toMap(counts, name) : ValueLists.top(counts, name, limit);
  return {
    company: named(raw.company, companies),
    year,
    quarter,
    cik,
    form: asked.includes('form') ? named(raw.form, formNames, positive(raw.forms)) : new Map(),
    issuer,
    code: raw.lists?.code ?? list(raw.code, (k) => table.codeDisplay[k]!, listLimit),
    trial: raw.lists?.trial ?? list(raw.trial, (k) => table.trials.values[k]!, listLimit),
    phase: raw.lists?.phase ?? list(raw.phase, (k) => table.phases.values[k]!),
  };
}

/**
 * The per-release counts every search asks for, in a loop of its own: its arrays are locals here,
 * not variables the facet builders' callbacks share (which made it ~3x slower).
 */
function countPerRelease(
  docs: Int32Array, n: number, codeOf: Int32Array, cikOf: Int32Array, day: Int32Array,
  perCompany: Int32Array, perCik: Int32Array, perCompanyNoCik: Int32Array, perYear: Int32Array, otherYears: Map<string, number>,
): void {
  for (let i = 0; i < n; i++) {
    const doc = docs[i]!;
    const company = codeOf[doc]!;
    perCompany[company]!++;
    const cikCode = cikOf[doc]!;
    perCik[cikCode]!++;
    if (cikCode === 0) perCompanyNoCik[company]!++;
    const y = (day[doc]! / 10000) | 0;
    if (y >= FIRST_YEAR && y < FIRST_YEAR + YEARS) perYear[y - FIRST_YEAR]!++;
    else if (y) otherYears.set(String(y), (otherYears.get(String(y)) ?? 0) + 1);
  }
}

/** Releases per quarter of their date (undated ones left out). */
function countQuarters(docs: Int32Array, n: number, day: Int32Array, perQuarter: Int32Array, other: Map<string, number>): void {
  for (let i = 0; i < n; i++) {
    const d = day[docs[i]!]!;
    if (d <= 0) continue;
    const y = (d / 10000) | 0;
    const m = ((d / 100) | 0) % 100;
    if (m < 1 || m > 12) continue;
    if (y >= FIRST_YEAR && y < FIRST_YEAR + YEARS) perQuarter[(y - FIRST_YEAR) * 4 + (((m - 1) / 3) | 0)]!++;
    else {
      const k = quarterKey(d)!;
      other.set(k, (other.get(k) ?? 0) + 1);
    }
  }
}

/** Counts of a sample scaled to the whole (values that round to none left out). */
export function scaleFacets(counts: FacetCounts, by: number): FacetCounts {
  const scale = (m: Map<string, number>) => new Map([...m].map(([k, v]) => [k, Math.round(v * by)] as const).filter(([, v]) => v > 0));
  return { company: scale(counts.company), year: scale(counts.year), quarter: scale(counts.quarter), cik: scale(counts.cik), form: scale(counts.form), issuer: scale(counts.issuer), code: scale(counts.code), trial: scale(counts.trial), phase: scale(counts.phase) };
}
