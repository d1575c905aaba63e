import type { Release } from '../clean/release.js';
import type { Engine, EngineFilters, QueryNode } from '../engine/engine.js';
import { queryTerms } from '../analysis/terms.js';
import { normalCode } from './parse-query.js';
import type { FacetCount } from './search-types.js';

/** One release on a code's or trial's timeline: where and how it names it. */
export interface TimelineEntry {
  id: string;
  date: string;
  company: string;
  title: string;
  /** The sentences naming it (at most two), as stored with the release. */
  sentences: string[];
  /** What it names beside it in those sentences: phases (canonical), and trial ids or code keys. */
  phases: string[];
  beside: string[];
}

/** Everything a code's or trial's page shows. */
export interface EntityPage {
  kind: 'code' | 'trial';
  /** The code key (`gti2040`) or the registry id. */
  key: string;
  /** How it is shown: the spelling most releases use, or the id. */
  display: string;
  total: number;
  /** In the order asked for; at most MAX_TIMELINE. */
  entries: TimelineEntry[];
  /** Set when more releases name it than the timeline lists. */
  truncated: boolean;
  first?: TimelineEntry;
  latest?: TimelineEntry;
  /** Releases per quarter (`2004 Q1`), oldest first, empty quarters between included; per year (`2004`) when `chartUnit` says so. */
  perQuarter: { quarter: string; count: number }[];
  chartUnit: 'quarter' | 'year';
  issuers: FacetCount[];
  coCodes: FacetCount[];
  coTrials: FacetCount[];
  brands: FacetCount[];
}

export const MAX_TIMELINE = 100;
const CO_LIMIT = 10;
// A chart of more quarters than this (a code named across a century of dates) shows its latest ones.
const MAX_QUARTERS = 120;

const quarterOf = (date: string) => (/^\d{4}-\d{2}/.test(date) ? `${date.slice(0, 4)} Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}` : '');

/** Counts per quarter from the first to the last, the quarters without a release at 0. */
export function quarters(dates: readonly string[]): { quarter: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const d of dates) {
    const q = quarterOf(d);
    if (q) counts.set(q, (counts.get(q) ?? 0) + 1);
  }
  return quarterSeries(counts);
}

/** Quarter counts (`2004 Q1` → n) as a series from the first to the last, empty quarters at 0. */
function quarterSeries(counts: ReadonlyMap<string, number>): { quarter: string; count: number }[] {
  if (counts.size === 0) return [];
  const keys = [...counts.keys()].sort();
  const num = (q: string) => Number(q.slice(0, 4)) * 4 + Number(q.slice(6)) - 1;
  const out: { quarter: string; count: number }[] = [];
  const last = num(keys[keys.length - 1]!);
  for (let n = Math.max(num(keys[0]!), last - MAX_QUARTERS + 1); n <= last; n++) {
    const q = `${Math.floor(n / 4)} Q${(n % 4) + 1}`;
    out.push({ quarter: q, count: counts.get(q) ?? 0 });
  }
  return out;
}

const byCount = (m: Map<string, number>, limit: number): FacetCount[] =>
  [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)).slice(0, limit);

/** Releases per year (`2004` → n) as a series from the first to the last, empty years at 0. */
function yearSeries(years: ReadonlyMap<string, number>): { quarter: string; count: number }[] {
  const ys = [...years.keys()].map(Number).filter((y) => y > 0).sort((x, y) => x - y);
  if (ys.length === 0) return [];
  const out: { quarter: string; count: number }[] = [];
  for (let y = Math.max(ys[0]!, ys[ys.length - 1]! - MAX_QUARTERS + 1); y <= ys[ys.length - 1]!; y++) out.push({ quarter: String(y), count: years.get(String(y)) ?? 0 });
  return out;
}

/**
 * The query that finds a code's or trial's releases with its filter: the term the analyzer makes
 * of it (every release naming `GTI-2040` holds the term `gti2040`), so a backend reads that term's
 * postings instead of testing every release against the filter; `all` where the id is not one term.
 */
export function entityQuery(kind: 'code' | 'trial', key: string): QueryNode {
  const terms = queryTerms(key);
  if (kind === 'code') return terms.length === 1 && terms[0] === key ? { kind: 'term', term: key } : { kind: 'all' };
  return terms.length === 1 && /^(?:nct|isrctn)\d+$/.test(terms[0]!) ? { kind: 'term', term: terms[0]! } : { kind: 'all' };
}

async function entityPage(engine: Engine, kind: 'code' | 'trial', key: string, newestFirst: boolean): Promise<EntityPage | undefined> {
  const filters: EngineFilters = kind === 'code' ? { codes: [key] } : { trials: [key] };
  const answer = await engine.search({ query: entityQuery(kind, key), filters, order: newestFirst ? 'date' : 'date-asc', offset: 0, limit: MAX_TIMELINE, facets: ['company', 'code', 'trial', 'year'] });
  if (answer.total === 0) return undefined;
  const releases = (await engine.releases(answer.hits.map((h) => h.id))).filter((r): r is Release => r !== undefined);
  const brands = new Map<string, number>();
  const entries = releases.map((r): TimelineEntry => {
    for (const b of new Set((r.entities?.brands ?? []).map((x) => x.name))) brands.set(b, (brands.get(b) ?? 0) + 1);
    const base = { id: r.id, date: r.date, company: r.company, title: r.title };
    if (kind === 'code') {
      const c = r.entities?.codes.find((x) => x.key === key);
      return { ...base, sentences: c?.sentences ?? [], phases: c?.phases ?? [], beside: c?.trials ?? [] };
    }
    const t = r.entities?.trials.find((x) => x.id === key);
    return { ...base, sentences: t?.sentences ?? [], phases: t?.phases ?? [], beside: t?.codes ?? [] };
  });
  const codeCounts = answer.facets.code ?? new Map<string, number>();
  const display = kind === 'code' ? ([...codeCounts.keys()].find((d) => normalCode(d) === key) ?? key) : key;
  const coCodes = new Map([...codeCounts].filter(([d]) => kind === 'trial' || normalCode(d) !== key));
  const coTrials = new Map([...(answer.facets.trial ?? [])].filter(([id]) => kind === 'code' || id !== key));
  const truncated = answer.total > entries.length;
  const dated = entries.filter((e) => e.date).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const page: EntityPage = {
    kind,
    key,
    display,
    total: answer.total,
    entries,
    truncated,
    // per quarter from the dates of the releases read; past the timeline's length, per year from
    // the year facet (exact, and no release read: reading every one would cost more than the page may)
    perQuarter: truncated ? yearSeries(answer.facets.year ?? new Map()) : quarters(entries.map((e) => e.date)),
    chartUnit: truncated ? 'year' : 'quarter',
    issuers: byCount(answer.facets.company ?? new Map(), CO_LIMIT),
    coCodes: byCount(coCodes, CO_LIMIT),
    coTrials: byCount(coTrials, CO_LIMIT),
    brands: byCount(brands, CO_LIMIT),
  };
  if (dated.length) {
    page.first = dated[0]!;
    page.latest = dated[dated.length - 1]!;
  }
  return page;
}

/** A code's page (`key`: the analyzer's term), or undefined when no release names it. */
export function codePage(engine: Engine, key: string, newestFirst = true): Promise<EntityPage | undefined> {
  return entityPage(engine, 'code', key, newestFirst);
}

/** A trial's page (`id`: normalised registry id), or undefined when no release names it. */
export function trialPage(engine: Engine, id: string, newestFirst = true): Promise<EntityPage | undefined> {
  return entityPage(engine, 'trial', id, newestFirst);
}
