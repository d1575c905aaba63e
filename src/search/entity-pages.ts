import type { Release } from '../clean/release.js';
import type { Engine, EngineFilters, EngineHit, QueryNode } from '../engine/engine.js';
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
  /** One page of the timeline, in the order asked for: at most TIMELINE_SIZE from `offset`. */
  entries: TimelineEntry[];
  offset: number;
  /** Set when the timeline lists only part of the releases (there are pages before or after this one). */
  truncated: boolean;
  first?: TimelineEntry;
  latest?: TimelineEntry;
  /** Releases per quarter (`2004 Q1`), oldest first, empty quarters between included: every release counted. */
  perQuarter: { quarter: string; count: number }[];
  issuers: FacetCount[];
  coCodes: FacetCount[];
  coTrials: FacetCount[];
  /** Brands named by the releases listed (brands are not counted by the engine). */
  brands: FacetCount[];
}

/** Releases on one page of a timeline. */
export const TIMELINE_SIZE = 25;
/** How far into a timeline a page may start (a code named more often than this lists its newest and oldest). */
export const MAX_OFFSET = 10_000;
const CO_LIMIT = 10;
// A chart of more quarters than this (a code named across a century of dates) shows its latest ones.
const MAX_QUARTERS = 120;
// Summaries remembered per engine generation.
const MAX_SUMMARIES = 500;

const quarterNumber = (q: string) => Number(q.slice(0, 4)) * 4 + Number(q.slice(6)) - 1;

/**
 * Quarter counts as the engine's `quarter` facet gives them (`2004-Q1` → n) as a series from the
 * first to the last quarter (`2004 Q1`), the quarters without a release at 0.
 */
export function quarterSeries(counts: ReadonlyMap<string, number>): { quarter: string; count: number }[] {
  const keys = [...counts.keys()].filter((k) => /^\d{4}-Q[1-4]$/.test(k)).sort();
  if (keys.length === 0) return [];
  const out: { quarter: string; count: number }[] = [];
  const last = quarterNumber(keys[keys.length - 1]!);
  for (let n = Math.max(quarterNumber(keys[0]!), last - MAX_QUARTERS + 1); n <= last; n++) {
    const year = Math.floor(n / 4);
    const q = (n % 4) + 1;
    out.push({ quarter: `${year} Q${q}`, count: counts.get(`${year}-Q${q}`) ?? 0 });
  }
  return out;
}

const byCount = (m: ReadonlyMap<string, number>, limit: number): FacetCount[] =>
  [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)).slice(0, limit);

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

/**
 * Which of the code facet's spellings is the code `key`: the facet names each code once, by its
 * shown spelling. Analysing a thousand spellings costs more than the rest of the page, so only
 * those whose letters and digits alone are the key are analysed (all of them if none is).
 */
function codeDisplay(spellings: Iterable<string>, key: string): string {
  const all = [...spellings];
  const likely = all.filter((d) => d.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '') === key);
  return likely.find((d) => normalCode(d) === key) ?? all.find((d) => normalCode(d) === key) ?? key;
}

/** What a page shows whatever part of the timeline it lists: counted by the engine, no release read but the first and latest. */
interface Summary {
  total: number;
  display: string;
  first?: TimelineEntry;
  latest?: TimelineEntry;
  perQuarter: { quarter: string; count: number }[];
  issuers: FacetCount[];
  coCodes: FacetCount[];
  coTrials: FacetCount[];
}

function entryOf(r: Release, kind: 'code' | 'trial', key: string): TimelineEntry {
  const base = { id: r.id, date: r.date, company: r.company, title: r.title };
  if (kind === 'code') {
    const c = r.entities?.codes.find((x) => x.key === key);
    return { ...base, sentences: c?.sentences ?? [], phases: c?.phases ?? [], beside: c?.trials ?? [] };
  }
  const t = r.entities?.trials.find((x) => x.id === key);
  return { ...base, sentences: t?.sentences ?? [], phases: t?.phases ?? [], beside: t?.codes ?? [] };
}

/** The releases of these hits (in order; any the store no longer holds left out). */
async function read(engine: Engine, hits: readonly EngineHit[]): Promise<Release[]> {
  return (await engine.releases(hits.map((h) => h.id))).filter((r): r is Release => r !== undefined);
}

async function summarize(engine: Engine, kind: 'code' | 'trial', key: string): Promise<Summary | undefined> {
  const query = entityQuery(kind, key);
  const filters: EngineFilters = kind === 'code' ? { codes: [key] } : { trials: [key] };
  // every count and the newest release in one search (an undated release sorts last by date),
  // the oldest dated one in another (an undated release fails any date bound)
  const counted = await engine.search({ query, filters, order: 'date', offset: 0, limit: 1, facets: ['company', 'code', 'trial', 'quarter'] });
  if (counted.total === 0) return undefined;
  const oldest = await engine.search({ query, filters: { ...filters, fromDay: 1 }, order: 'date-asc', offset: 0, limit: 1 });
  const ends = await read(engine, [...counted.hits, ...oldest.hits]);
  const end = (hit: EngineHit | undefined) => {
    const r = hit && ends.find((x) => x.id === hit.id);
    return r?.date ? entryOf(r, kind, key) : undefined;
  };
  const latest = end(counted.hits[0]);
  const first = end(oldest.hits[0]);
  const codeCounts = counted.facets.code ?? new Map<string, number>();
  const display = kind === 'code' ? codeDisplay(codeCounts.keys(), key) : key;
  const summary: Summary = {
    total: counted.total,
    display,
    perQuarter: quarterSeries(counted.facets.quarter ?? new Map()),
    issuers: byCount(counted.facets.company ?? new Map(), CO_LIMIT),
    coCodes: byCount(new Map([...codeCounts].filter(([d]) => kind === 'trial' || d !== display)), CO_LIMIT),
    coTrials: byCount(new Map([...(counted.facets.trial ?? [])].filter(([id]) => kind === 'code' || id !== key)), CO_LIMIT),
  };
  if (latest) summary.latest = latest;
  if (first) summary.first = first;
  return summary;
}

// One table of summaries per engine, emptied when it serves a new generation: a generation never changes.
const summaries = new WeakMap<Engine, { generation: string; byKey: Map<string, Promise<Summary | undefined>> }>();

function summary(engine: Engine, kind: 'code' | 'trial', key: string): Promise<Summary | undefined> {
  const generation = engine.stats().generation;
  let table = summaries.get(engine);
  if (!table || table.generation !== generation) {
    table = { generation, byKey: new Map() };
    summaries.set(engine, table);
  }
  const id = `${kind}:${key}`;
  const known = table.byKey.get(id);
  if (known) {
    table.byKey.delete(id);
    table.byKey.set(id, known);
    return known;
  }
  const made = summarize(engine, kind, key);
  const byKey = table.byKey;
  made.catch(() => byKey.delete(id));
  byKey.set(id, made);
  if (byKey.size > MAX_SUMMARIES) byKey.delete(byKey.keys().next().value!);
  return made;
}

/** How a page is asked for: its order and where in it the timeline starts. */
export interface TimelineWindow {
  newestFirst?: boolean;
  /** Clamped to 0…MAX_OFFSET. */
  offset?: number;
}

async function entityPage(engine: Engine, kind: 'code' | 'trial', key: string, window: TimelineWindow): Promise<EntityPage | undefined> {
  const s = await summary(engine, kind, key);
  if (!s) return undefined;
  const offset = Math.max(0, Math.min(MAX_OFFSET, Math.floor(window.offset ?? 0)));
  const filters: EngineFilters = kind === 'code' ? { codes: [key] } : { trials: [key] };
  const answer = await engine.search({ query: entityQuery(kind, key), filters, order: window.newestFirst === false ? 'date-asc' : 'date', offset, limit: TIMELINE_SIZE });
  const releases = await read(engine, answer.hits);
  const listed = releases.map((r) => entryOf(r, kind, key));
  const brands = new Map<string, number>();
  for (const r of releases) for (const b of new Set((r.entities?.brands ?? []).map((x) => x.name))) brands.set(b, (brands.get(b) ?? 0) + 1);
  return {
    kind,
    key,
    display: s.display,
    total: answer.total,
    entries: listed,
    offset,
    truncated: offset > 0 || answer.total > offset + listed.length,
    ...(s.first ? { first: s.first } : {}),
    ...(s.latest ? { latest: s.latest } : {}),
    perQuarter: s.perQuarter,
    issuers: s.issuers,
    coCodes: s.coCodes,
    coTrials: s.coTrials,
    brands: byCount(brands, CO_LIMIT),
  };
}

/** Where the next page of a timeline starts, if there is one. */
export function nextOffset(page: EntityPage): number | undefined {
  const next = page.offset + TIMELINE_SIZE;
  return next < page.total && next <= MAX_OFFSET ? next : undefined;
}

/** A code's page (`key`: the analyzer's term), or undefined when no release names it. */
export function codePage(engine: Engine, key: string, window: TimelineWindow = {}): Promise<EntityPage | undefined> {
  return entityPage(engine, 'code', key, window);
}

/** A trial's page (`id`: normalised registry id), or undefined when no release names it. */
export function trialPage(engine: Engine, id: string, window: TimelineWindow = {}): Promise<EntityPage | undefined> {
  return entityPage(engine, 'trial', id, window);
}
