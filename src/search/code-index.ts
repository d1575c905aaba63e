import { editDistance } from '../analysis/edit-distance.js';
import type { Engine } from '../engine/engine.js';
import { normalCode } from './parse-query.js';
import { entityQuery } from './entity-pages.js';

/** One code as `/codes` lists it. */
export interface CodeListing {
  key: string;
  display: string;
  releases: number;
  /** Issuers naming it, most releases first. */
  issuers: string[];
  latest: string;
}

export interface CodeIndex {
  codes: CodeListing[];
  /** How many codes the index holds (the listing keeps the MAX_LISTED most named). */
  total: number;
}

// The listing details (issuers, latest date) cost one filtered search per code: the most named this many.
export const MAX_LISTED = 2000;
const ISSUERS = 5;

// One listing per engine generation: it changes only with a commit.
const cache = new WeakMap<Engine, { generation: string; index: Promise<CodeIndex> }>();

async function build(engine: Engine): Promise<CodeIndex> {
  const all = await engine.search({ query: { kind: 'all' }, order: 'relevance', offset: 0, limit: 0, facets: ['code'] });
  const counts = [...(all.facets.code ?? [])].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const codes: CodeListing[] = [];
  for (const [display, releases] of counts.slice(0, MAX_LISTED)) {
    const key = normalCode(display);
    if (!key) continue;
    const one = await engine.search({ query: entityQuery('code', key), filters: { codes: [key] }, order: 'date', offset: 0, limit: 1, facets: ['company'] });
    const [latest] = await engine.releases(one.hits.map((h) => h.id));
    const issuers = [...(one.facets.company ?? [])].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, ISSUERS).map(([c]) => c);
    codes.push({ key, display, releases, issuers, latest: latest?.date ?? '' });
  }
  return { codes, total: counts.length };
}

/** Every code the index holds with its issuers, number of releases and latest date (cached per generation). */
export function codeIndex(engine: Engine): Promise<CodeIndex> {
  const generation = engine.stats().generation;
  const hit = cache.get(engine);
  if (hit && hit.generation === generation) return hit.index;
  const index = build(engine);
  cache.set(engine, { generation, index });
  index.catch(() => cache.delete(engine));
  return index;
}


/** The known codes nearest a key (`gti2041` → GTI-2040), closest first then most named; at most `n`. */
export function nearestCodes(key: string, known: readonly CodeListing[], n = 5): CodeListing[] {
  const k = key.toLowerCase().slice(0, 40);
  const letters = /^[a-z]*/.exec(k)![0];
  return known
    .map((c) => ({ c, d: editDistance(k, c.key, 4) - (letters && c.key.startsWith(letters) ? 0.5 : 0) }))
    .filter((x) => x.d <= 3.5)
    .sort((a, b) => a.d - b.d || b.c.releases - a.c.releases)
    .slice(0, n)
    .map((x) => x.c);
}
