import { adjacentPairs, plainWords, PROXIMITY_CANDIDATES, proximityFactor } from '../adjacent-words.js';
import type { EngineAnswer, EngineSearch, FacetName } from '../engine.js';
import { compileQuery, prefixesOf, type Expansion } from './compile-query.js';
import { lexeme } from './release-row.js';
import { ident } from './schema.js';
import { searchStatement } from './search-sql.js';

// Prefix expansion: the most used words a prefix stands for (Lucene's top-terms rewrite).
const WORDS_PER_PREFIX = 64;

const TIE = 1e-9;
function before(a: Hit, b: Hit): number {
  if (Math.abs(a.score - b.score) > TIE * Math.max(a.score, b.score)) return b.score - a.score;
  if (a.day !== b.day) return b.day - a.day;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

interface Hit {
  id: string;
  score: number;
  terms: string[];
  day: number;
  /** How many of the query's adjacent word pairs it holds side by side. */
  adjacent: number;
}

type Query = (text: string, values: unknown[], plans?: 'generic' | 'custom') => Promise<Record<string, unknown>[]>;

// A search's statement may run on a generic plan (prepared.ts: planning saved) only when its
// terms are in at most this many releases: a generic plan is made for no particular value, and
// for a phrase of common words at 30k one ran 3,039 ms against 279 ms planned for its words.
export const GENERIC_PLAN_RELEASES = 2000;

/**
 * One search on the postgres backend: the prefixes' expansions read from the terms table, then one
 * statement for total, hits and facets, and the proximity boost of the best hits (adjacent-words.ts:
 * the pairs are read exactly, from the positions of the whole words, for every one of them).
 */
export async function searchPostgres(query: Query, schema: string, req: EngineSearch, tuning: { facetSample?: number | undefined; boundedFrom?: number | undefined } = {}): Promise<EngineAnswer> {
  const prefixes = prefixesOf(req.query);
  const expansions = new Map<string, Expansion>();
  const limited: string[] = [];
  for (const prefix of prefixes) {
    const rows = await query(
      `SELECT term, count(*) OVER () AS of FROM ${ident(schema)}.terms WHERE term > $1 AND term < $1 || chr(1114111)
        ORDER BY df_title + df_body DESC, term LIMIT ${WORDS_PER_PREFIX}`,
      [prefix],
    );
    const of = rows.length ? Number(rows[0]!['of']) : 0;
    expansions.set(prefix, { words: rows.map((r) => r['term'] as string), of });
    if (of > WORDS_PER_PREFIX) limited.push(`${prefix}* stands for ${of.toLocaleString('en-US')} words; the ${WORDS_PER_PREFIX} most used were searched.`);
  }
  let compiled = compileQuery(req.query, req.filters, expansions);
  const words = req.order === 'relevance' ? plainWords(req.query) : undefined;
  const offset = Math.max(0, Math.trunc(req.offset));
  const limit = Math.max(0, Math.trunc(req.limit));
  const pairs = words ? adjacentPairs(words) : [];
  const window = words ? { offset: 0, limit: Math.max(offset + limit, PROXIMITY_CANDIDATES) } : { offset, limit };
  // how many releases the scoring terms are in, at most: whether bounding the ranking can pay
  // (and which of them the index holds: a form or synonym it lacks scores nothing, and left in, it
  // would count against the limits on terms that decide the plan: `announced today` is five
  // terms, two of them absent)
  let termReleases = 0;
  if (req.order === 'relevance' && compiled.scoring.length) {
    const rows = await query(`SELECT term, releases FROM ${ident(schema)}.terms WHERE term = ANY($1::text[])`, [compiled.scoring.map((t) => t.term)]);
    const held = new Set(rows.map((r) => r['term'] as string));
    termReleases = rows.reduce((n, r) => n + Number(r['releases']), 0);
    compiled = { ...compiled, scoring: compiled.scoring.filter((t) => held.has(t.term)) };
  }
  const stmt = searchStatement(schema, compiled, req, window, words ? pairs.map(([a, b]) => `${lexeme(a)} <-> ${lexeme(b)}`) : undefined, tuning.facetSample, termReleases, tuning.boundedFrom);
  const generic = req.order === 'relevance' && compiled.scoring.length > 0 && termReleases <= GENERIC_PLAN_RELEASES;
  const [row] = await query(stmt.text, stmt.values, generic ? 'generic' : 'custom');
  const r = row!;
  let hits: Hit[] = (r['hits'] as [string, number, string[], number, number][]).map(([id, score, terms, day, adjacent]) => ({ id, score, terms: [...new Set(terms)], day, adjacent: Number(adjacent) }));
  if (words) {
    for (const h of hits) h.score *= proximityFactor(h.adjacent, pairs.length);
    hits = hits.sort(before).slice(offset, offset + limit);
  }
  const answer: EngineAnswer = { total: Number(r['total']), hits: hits.map((h) => ({ id: h.id, score: h.score, terms: h.terms })), facets: {} };
  if (limited.length) answer.limited = limited;
  // counted over every n-th match when there are very many (search-sql.ts FACET_SAMPLE): scaled up
  const sampled = Number(r['facet_step']) > 1 && Number(r['facet_sampled']) > 0 ? Number(r['facet_sampled']) : undefined;
  const scale = sampled ? answer.total / sampled : 1;
  for (const name of req.facets ?? ([] as FacetName[])) {
    const counts = r[`facet_${name}`] as Record<string, number> | null;
    answer.facets[name] = new Map(Object.entries(counts ?? {}).map(([k, v]) => [k, sampled ? Math.max(1, Math.round(Number(v) * scale)) : Number(v)]));
  }
  if (sampled && req.facets?.length) answer.facetsSampled = sampled;
  return answer;
}
