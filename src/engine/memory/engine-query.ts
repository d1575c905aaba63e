import { issuerKey, quarterKey, type FacetName, type Order } from '../engine.js';
import type { DocInfo } from './doc-table.js';

/**
 * A query as the engine runs it: already normalised terms combined with AND / OR / NOT.
 * Terms are never re-tokenized here.
 */
export type EngineQuery =
  | { kind: 'term'; term: string; prefix?: boolean; fuzzy?: boolean; boost?: number }
  | { kind: 'and' | 'or'; items: EngineQuery[] }
  | { kind: 'not'; include: EngineQuery; exclude: EngineQuery[] }
  | { kind: 'all' };

/** Counts per value of each facet. */
export interface FacetCounts {
  company: Map<string, number>;
  year: Map<string, number>;
  /** Per quarter (`2004-Q1`), only when asked. */
  quarter: Map<string, number>;
  cik: Map<string, number>;
  form: Map<string, number>;
  /** See FacetName in engine.ts: `cik:<CIK>` or `name:<company>` for releases without a CIK. */
  issuer: Map<string, number>;
  /** Codes by their shown spelling, registry ids, canonical phases. */
  code: Map<string, number>;
  trial: Map<string, number>;
  phase: Map<string, number>;
}

/** The facets of what a release names, counted only when asked (each release once per value it holds). */
const LIST_FACETS = ['code', 'trial', 'phase'] as const;

/** A scored match from the engine, before snippets. */
export interface EngineHit extends DocInfo {
  id: string;
  score: number;
  /** The index terms this release matched (prefix and fuzzy expansions included). */
  terms: string[];
  /** The date as the number YYYYMMDD (0 when unknown), for sorting. */
  day: number;
}


// Scores this close are a tie: the newer release comes first.
const TIE = 1e-9;

/** Whether a hit with (score, day) goes before one with (score2, day2) in an order. */
export function goesBefore(order: Order, score: number, day: number, score2: number, day2: number): boolean | undefined {
  if (order !== 'relevance' && day !== day2) return order === 'date' ? day > day2 : day < day2;
  if (Math.abs(score - score2) > TIE * Math.max(score, score2)) return score > score2;
  if (day !== day2) return day > day2;
  return undefined;
}

/** Sort comparator for materialised hits (equal ones by release id, as the engine orders them). */
export function compareHits(order: Order): (a: EngineHit, b: EngineHit) => number {
  return (a, b) => {
    const before = goesBefore(order, a.score, a.day, b.score, b.day);
    if (before === undefined) return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return before ? -1 : 1;
  };
}

/**
 * The matches of a query: how many, which are best in a given order, and how they spread over
 * companies and years. Only the hits asked for become objects.
 */
export interface HitSet {
  readonly total: number;
  /** The total (and facets) are estimated from a sample: a test too costly for every match was not run on all. */
  readonly estimated?: boolean;
  /** The first `k` hits in an order, best first. */
  top(k: number, order: Order): EngineHit[];
  /** Hits per company, year, issuer CIK and form type (releases without a value left out). */
  /**
   * Company, year and CIK always; the list facets (form, code, trial, phase) only when `asked`
   * names them. With `listLimit`, codes and trials may be cut to their `listLimit` most counted.
   */
  facets(asked?: readonly FacetName[], listLimit?: number): FacetCounts;
  /** The hit for one release, if the query matched it. */
  find(id: string): EngineHit | undefined;
  /** Multiply the scores of the best `k` hits by relevance by a factor of each (release id and number, when known). */
  boostTop(k: number, factor: (id: string, doc: number | undefined) => number): void;
}

/** A HitSet over hits already made (a phrase's verified candidates). */
export class ArrayHitSet implements HitSet {
  /** `codeName`: the spelling shown for a code key (the engine's, the same for every query). */
  constructor(private readonly hits: readonly EngineHit[], private readonly codeName: (key: string) => string = (k) => k) {}

  get total(): number {
    return this.hits.length;
  }

  top(k: number, order: Order): EngineHit[] {
    // copies: a caller may change a hit's score on the page without changing the set's
    return [...this.hits].sort(compareHits(order)).slice(0, k).map((h) => ({ ...h }));
  }

  facets(asked: readonly FacetName[] = []): FacetCounts {
    const out: FacetCounts = { company: new Map(), year: new Map(), quarter: new Map(), cik: new Map(), form: new Map(), issuer: new Map(), code: new Map(), trial: new Map(), phase: new Map() };
    const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    const lists = LIST_FACETS.filter((f) => asked.includes(f));
    const quarters = asked.includes('quarter');
    for (const h of this.hits) {
      if (h.company) add(out.company, h.company);
      const y = h.date.slice(0, 4);
      if (y) add(out.year, y);
      const quarter = quarters ? quarterKey(h.day) : undefined;
      if (quarter) add(out.quarter, quarter);
      if (h.cik) add(out.cik, h.cik);
      for (const f of h.forms) add(out.form, f);
      const key = issuerKey(h.cik, h.company);
      if (key) add(out.issuer, key);
      for (const f of lists) {
        const values = f === 'code' ? h.codes.map(this.codeName) : f === 'trial' ? h.trials : h.phases;
        for (const v of values) add(out[f], v);
      }
    }
    return out;
  }

  find(id: string): EngineHit | undefined {
    return this.hits.find((h) => h.id === id);
  }

  boostTop(k: number, factor: (id: string, doc: number | undefined) => number): void {
    for (const h of [...this.hits].sort(compareHits('relevance')).slice(0, k)) h.score *= factor(h.id, undefined);
  }
}
