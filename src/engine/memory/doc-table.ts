import type { MiniSearchInternals } from './term-index.js';
import { codeDisplays, ValueLists } from './value-lists.js';

/** What the engine keeps of each release for filtering, facets and sorting (not the body). */
export interface DocInfo {
  company: string;
  date: string;
  tickers: string[];
  /** The issuer's CIK, '' when unknown. */
  cik: string;
  /** Form types of its filings, upper case. */
  forms: string[];
  /** Keys of the codes it names (`gti2040`), and how it writes each (`GTI-2040`), in the same order. */
  codes: string[];
  codeNames: string[];
  /** Registry ids it names (`NCT05512345`). */
  trials: string[];
  /** Trial phases it names, canonical (`2b`, `1/2`, `pivotal`). */
  phases: string[];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? (v as unknown[]).filter((x): x is string => typeof x === 'string') : []);

/** The stored fields of a release as DocInfo (fields an older index lacks read as empty). */
export function docInfoOf(f: Record<string, unknown>): DocInfo {
  return {
    company: typeof f['company'] === 'string' ? f['company'] : '',
    date: typeof f['date'] === 'string' ? f['date'] : '',
    tickers: strings(f['tickers']),
    cik: typeof f['cik'] === 'string' ? f['cik'] : '',
    forms: strings(f['forms']),
    codes: strings(f['codes']),
    codeNames: strings(f['codeNames']),
    trials: strings(f['trials']),
    phases: strings(f['phases']),
  };
}

/** `YYYY-MM-DD` as the number YYYYMMDD (0 when unknown): sorting by date compares numbers. */
export function dayOf(date: string): number {
  return date.length === 10 ? Number(date.slice(0, 4)) * 10000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10)) : 0;
}

/**
 * The first seven characters of an id, seven bits each, as one number: ordered as the ids are
 * (characters past ASCII count as the last ASCII one, so two ids that differ there compare equal
 * and their strings decide). Sorting equal-scoring hits by it costs a number comparison.
 */
export function idOrderKey(id: string): number {
  let key = 0;
  for (let i = 0; i < 7; i++) key = key * 128 + (i < id.length ? Math.min(id.charCodeAt(i), 127) : 0);
  return key;
}

/**
 * MiniSearch's per-release tables turned into arrays indexed by its release numbers, so that
 * scoring, filtering and facet counting over 100,000 matches read arrays instead of Maps.
 */
export class DocTable {
  /** Release id by number; undefined for numbers of removed releases. */
  readonly ids: (string | undefined)[];
  /** 1 for numbers of releases in the index, 0 for removed ones (scoring reads it per posting). */
  readonly live: Uint8Array;
  /** Release number by id. */
  readonly numbers: ReadonlyMap<string, number>;
  readonly info: (DocInfo | undefined)[];
  readonly day: Int32Array;
  /** Index into `companies`, by release number. */
  readonly company: Int32Array;
  readonly companies: string[];
  /** Index into `ciks` ('' first: unknown), by release number. */
  readonly cik: Int32Array;
  readonly ciks: string[];
  /** Codes, trials and phases by release number, as numbers (facets and filters over arrays). */
  readonly codes: ValueLists;
  readonly trials: ValueLists;
  readonly phases: ValueLists;
  /** The spelling shown for each code, by code number (the one most releases use). */
  readonly codeDisplay: string[];
  /**
   * Index into `formNames` of a release's one form ('' first: none), or -1 when it has several
   * (read its list): counting forms over 100,000 matches is then an array update each.
   */
  readonly form: Int32Array;
  readonly formNames: string[];
  /** Field lengths in terms, by field number then release number. */
  readonly fieldLength: Float64Array[];
  /** A number that orders releases as their ids do (equal numbers: compare the ids). */
  readonly idOrder: Float64Array;

  constructor(m: MiniSearchInternals) {
    const n = m._nextId + 1;
    this.ids = new Array<string | undefined>(n);
    this.live = new Uint8Array(n);
    this.numbers = m._idToShortId;
    this.info = new Array<DocInfo | undefined>(n);
    this.day = new Int32Array(n);
    this.company = new Int32Array(n);
    this.companies = [];
    this.cik = new Int32Array(n);
    this.ciks = [''];
    const cikCodes = new Map<string, number>([['', 0]]);
    this.form = new Int32Array(n);
    this.formNames = [''];
    const formCodes = new Map<string, number>([['', 0]]);
    const fields = Object.keys(m._fieldIds).length;
    this.fieldLength = Array.from({ length: fields }, () => new Float64Array(n));
    this.idOrder = new Float64Array(n);
    const codes = new Map<string, number>();
    for (const [doc, id] of m._documentIds) {
      this.idOrder[doc] = idOrderKey(id);
      const f = m._storedFields.get(doc) ?? {};
      const info = docInfoOf(f);
      let cikCode = cikCodes.get(info.cik);
      if (cikCode === undefined) {
        cikCode = this.ciks.length;
        cikCodes.set(info.cik, cikCode);
        this.ciks.push(info.cik);
      }
      this.cik[doc] = cikCode;
      if (info.forms.length === 1) {
        const name = info.forms[0]!;
        let formCode = formCodes.get(name);
        if (formCode === undefined) {
          formCode = this.formNames.length;
          formCodes.set(name, formCode);
          this.formNames.push(name);
        }
        this.form[doc] = formCode;
      } else if (info.forms.length > 1) this.form[doc] = -1;
      this.ids[doc] = id;
      this.live[doc] = 1;
      this.info[doc] = info;
      this.day[doc] = dayOf(info.date);
      let code = codes.get(info.company);
      if (code === undefined) {
        code = this.companies.length;
        codes.set(info.company, code);
        this.companies.push(info.company);
      }
      this.company[doc] = code;
      const lengths = m._fieldLength.get(doc) ?? [];
      for (let i = 0; i < fields; i++) this.fieldLength[i]![doc] = lengths[i] ?? 0;
    }
    const infos = this.info;
    this.codes = new ValueLists(Array.from(infos, (d) => d?.codes));
    this.trials = new ValueLists(Array.from(infos, (d) => d?.trials));
    this.phases = new ValueLists(Array.from(infos, (d) => d?.phases));
    this.codeDisplay = codeDisplays(this.codes, Array.from(infos, (d) => d?.codeNames));
  }

  /** The spelling shown for a code key (the key itself when no release names it). */
  codeName(key: string): string {
    const n = this.codes.number(key);
    return n === undefined ? key : this.codeDisplay[n]!;
  }
}
