import { proximityFactor } from '../adjacent-words.js';
import type { EngineSearch, FacetName } from '../engine.js';
import type { CompiledQuery } from './compile-query.js';
import { ident } from './schema.js';

// BM25 as MiniSearch computes it (k 1.2, b 0.7, d 0.5), the headline field boosted 2.5×, from
// the frequencies in `postings`, the document frequencies in `terms` and the means in `meta`.
// Every literal is float8: numeric arithmetic per posting cost a third of a common word's time.
const bm25 = (tf: string, idf: string, len: string, avg: string) =>
  `${idf} * (0.5::float8 + ${tf} * 2.2::float8 / (${tf} + 1.2::float8 * (0.3::float8 + 0.7::float8 * ${len} / ${avg})))`;

const ORDER_BY: Record<EngineSearch['order'], string> = {
  relevance: 'round(h.score::numeric, 9) DESC, h.day DESC, h.id COLLATE "C"',
  date: 'h.day DESC, round(h.score::numeric, 9) DESC, h.id COLLATE "C"',
  'date-asc': 'h.day ASC, round(h.score::numeric, 9) DESC, h.id COLLATE "C"',
};

const FACET_SQL: Record<FacetName, string> = {
  company: `SELECT company AS k, count(*) AS c FROM m WHERE company <> '' GROUP BY company`,
  year: `SELECT (day / 10000)::text AS k, count(*) AS c FROM m WHERE day <> 0 GROUP BY day / 10000`,
  // quarterKey() of engine.ts: `2004-Q1`
  quarter: `SELECT (day / 10000)::text || '-Q' || ((day / 100 % 100 - 1) / 3 + 1)::text AS k, count(*) AS c FROM m WHERE day / 100 % 100 BETWEEN 1 AND 12 GROUP BY 1`,
  cik: `SELECT cik AS k, count(*) AS c FROM m WHERE cik <> '' GROUP BY cik`,
  form: `SELECT f AS k, count(*) AS c FROM m, unnest(m.forms) f GROUP BY f`,
  // issuerKey() of engine.ts: by CIK where known, else by name
  issuer: `SELECT CASE WHEN cik <> '' THEN 'cik:' || cik ELSE 'name:' || company END AS k, count(*) AS c FROM m WHERE cik <> '' OR company <> '' GROUP BY 1`,
  // keyed by the code's spelling most releases use (code_display, made at each commit)
  // (counted per code first: the spelling is looked up once per code, not once per release naming it)
  code: `SELECT coalesce(d.display, x.k) AS k, sum(x.c)::bigint AS c FROM (SELECT k, count(*) AS c FROM m, unnest(m.codes) k GROUP BY k) x LEFT JOIN SCHEMA.code_display d ON d.key = x.k GROUP BY 1`,
  trial: `SELECT x AS k, count(*) AS c FROM m, unnest(m.trials) x GROUP BY x`,
  phase: `SELECT x AS k, count(*) AS c FROM m, unnest(m.phases) x GROUP BY x`,
};

/** One statement (one snapshot, so one generation) answering a search: total, a window of hits, facets. */
export interface SearchStatement {
  text: string;
  values: unknown[];
}

/** Matches past which facets are counted over a sample of about this many (every n-th release). */
export const FACET_SAMPLE = 2000;

// A body occurrence adds at most idf × (0.5 + 2.2) (the BM25 term-frequency part tends to 2.2 as
// the frequency grows and the length shrinks): a release holding no query term in its headline
// field scores at most the sum of these over the terms, times the most typed terms it can hold.
const BODY_PART_MAX = 2.7;

// The headline candidates are tried only for terms in at least this many releases: below it every
// match is scored at little cost, and the larger statement's planning would cost more.
export const BOUNDED_FROM = 5000;

// For a query proximity may lift (its bound tripled, so failing more often), the candidates are
// tried from this many times as many term releases: at 100k they won for ANDs of words in most
// releases (`company said`, 116k term releases: 319 -> 112 ms) and lost for two of fewer
// (`offering delivering`, 61k: 56 -> 62 ms, the bound failing and every match scored after them).
const PROXIMITY_BOUNDED_FROM = 20;

// The candidates are tried for up to this many query terms (their postings probed by key, one
// lookup per release and term) and a page ending this deep at most.
const PROBE_TERMS = 4;
const BOUNDED_WINDOW = 100;

// One posting looked up by key costs about this many postings read in a term's list and joined
// (measured at 100k: an index descent against a sequential read and a hash probe).
const PROBE_COST = 4;
// Scoring by key lookups is considered for queries of up to this many terms (stems included).
const ADAPTIVE_TERMS = 8;

/**
 * The statement for a compiled query: `window` is the slice of the order to return (the page, or
 * from the top when the head is re-ranked), `adjacent` tsqueries (the query's word pairs side by
 * side) of which each hit counts how many its words match.
 */
export function searchStatement(
  schema: string,
  c: CompiledQuery,
  req: EngineSearch,
  window: { offset: number; limit: number },
  adjacent: readonly string[] | undefined,
  facetSample = FACET_SAMPLE,
  /** The query's terms are in this many releases at most (the sum of their document frequencies). */
  termReleases = Number.POSITIVE_INFINITY,
  boundedFrom = BOUNDED_FROM,
): SearchStatement {
  const s = ident(schema);
  const values = [...c.params];
  const p = (v: unknown) => `$${values.push(v)}`;
  const terms = p(c.scoring.map((t) => t.term));
  const weights = p(c.scoring.map((t) => t.weight));
  const sources = p(c.scoring.map((t) => t.source));
  const adj = adjacent === undefined ? '0' : `(SELECT count(*)::int FROM ${s}.releases r2, unnest(${p(adjacent)}::tsquery[]) aq(q) WHERE r2.rel = y.rel AND r2.words @@ aq.q)`;
  const limit = p(window.limit);
  const offset = p(window.offset);
  const facets = (Object.keys(FACET_SQL) as FacetName[]).map((name) =>
    req.facets?.includes(name) ? `(SELECT json_object_agg(k, c) FROM (${FACET_SQL[name].replace('SCHEMA.', `${s}.`).replace(/ FROM m\b/g, ' FROM fm m')}) f) AS facet_${name}` : `NULL::json AS facet_${name}`,
  );
  // BM25 of the postings of `p`'s releases (`m`: their rows), summed per release
  const scores = (from: string) => `
  SELECT p.rel,
    sum(qt.weight * (CASE WHEN p.tf_title > 0 THEN 2.5::float8 * ${bm25('p.tf_title', 'qt.idf_title', 'm.len_title', 'qt.at')} ELSE 0::float8 END
                   + CASE WHEN p.tf_body > 0 THEN ${bm25('p.tf_body', 'qt.idf_body', 'm.len_body', 'qt.ab')} ELSE 0::float8 END)) AS score,
    array_agg(p.term) AS terms,
    -- which typed terms a hit holds, as bits (at most 31): no DISTINCT aggregate to sort for
    bit_or(1::bigint << (qt.source % 63)) AS held
  FROM ${from}
  GROUP BY p.rel`;
  // the few releases of a set look their postings up by key, (term, rel), rather than reading
  // every posting of the query's terms (a common word's whole list) and merging
  // (one key lookup per release and term: asked for `term = ANY(...)`, the planner read each
  // release's every posting through the rel index instead, 355 a release)
  const probe = (set: string) => `${set} m CROSS JOIN qt CROSS JOIN LATERAL (SELECT pp.* FROM ${s}.postings pp WHERE pp.term = qt.term AND pp.rel = m.rel OFFSET 0) p`;
  // each query term's postings read by the key's first column, then joined with the matches (the
  // fence keeps the planner from reading every posting of each match through the rel index
  // instead, which it chose at 100k from a low guess of the matches: 464k postings for 1,398)
  const termsFirst = (set: string) => `qt CROSS JOIN LATERAL (SELECT pp.* FROM ${s}.postings pp WHERE pp.term = qt.term OFFSET 0) p JOIN ${set} m ON m.rel = p.rel`;
  // Every match scored: by key lookups when the matches are few beside the terms' postings (an AND
  // of two words, each in thousands of releases, that few releases hold together), else by reading
  // each term's postings whole. Decided as the statement runs, from the count of the matches: the
  // planner's guess of a materialised set is no guide. (At 100k, a two-word AND of 32 matches read
  // every posting of its four terms, stems included: 9,000 postings for 128 lookups.)
  // (only for a few terms: a prefix's many words are an OR, whose matches are never few beside
  // their postings, and the union's materialised scores cost a prefix of 21k matches some 60 ms)
  // (nor for one word, its forms or an OR: their matches are the releases holding a term, never
  // few beside its postings; only an AND, a phrase or a filter makes them fewer)
  const top = req.query.kind === 'not' ? req.query.include : req.query;
  const narrowed = top.kind === 'and' || top.kind === 'phrase' || Object.values(req.filters ?? {}).some((v) => v !== undefined);
  const adaptive = Number.isFinite(termReleases) && c.scoring.length <= ADAPTIVE_TERMS && narrowed;
  const scoreAll = (set: string) =>
    adaptive
      ? `SELECT * FROM (${scores(probe(set))}) a WHERE (SELECT few FROM pick)
  UNION ALL SELECT * FROM (${scores(termsFirst(set))}) b WHERE NOT (SELECT few FROM pick)`
      : scores(termsFirst(set));
  // (a function: its parameters are pushed only where the statement uses it)
  const pick = () =>
    adaptive
      ? `\npick AS (SELECT count(*) * ${p(c.scoring.length)}::bigint * ${PROBE_COST}::bigint < ${p(Math.trunc(termReleases))}::bigint AS few FROM m),`
      : '';
  const hitsOf = (set: string, sc: string) =>
    `SELECT m.rel, m.id, m.day, coalesce(${sc}.score, 1::float8) * greatest(coalesce(bit_count(${sc}.held::bit(64)), 0), 1) AS score, coalesce(${sc}.terms, '{}') AS terms FROM ${set} m LEFT JOIN ${sc} ON ${sc}.rel = m.rel`;
  let ranked: string;
  let page: string;
  let bounded = false;
  if (req.order !== 'relevance') {
    // Date order: the page is decided by the day, the score only orders releases of one day, so
    // only the releases on the page's days are scored (all of them: ties reach past the page),
    // not every match; those on later days (earlier, for date-asc) are counted to place the page.
    const desc = req.order === 'date';
    ranked = `
w0 AS (SELECT m.day FROM m ORDER BY m.day ${desc ? 'DESC' : 'ASC'} LIMIT ${limit} OFFSET ${offset}),
cut AS (SELECT min(day) AS lo, max(day) AS hi FROM w0),
cand AS MATERIALIZED (SELECT m.* FROM m, cut WHERE m.day BETWEEN cut.lo AND cut.hi),
skip AS (SELECT count(*)::int AS n FROM m, cut WHERE m.day ${desc ? '> cut.hi' : '< cut.lo'}),
sc AS (${scores(probe('cand'))}),
h AS (${hitsOf('cand', 'sc')}),`;
    page = `LIMIT ${limit} OFFSET greatest(0, ${offset} - (SELECT n FROM skip))`;
  } else {
    // Relevance: a release holding a query term in its headline field (boosted 2.5×, and rare
    // there) outscores one holding them in the body alone, almost always. So the matches holding
    // one in the headline field are scored first (their postings probed by key: it is the join
    // and sums over every match that cost); when the window's last of them
    // scores above the most any other match can (BODY_PART_MAX), the window is theirs and the
    // rest are never scored. Otherwise (few headline matches, or a weight below zero) every
    // match is scored, as before. Either way the answer is the exact order.
    const typed = new Set(c.scoring.map((t) => t.source)).size;
    // The page ends this deep; proximity (pg-search.ts) may lift a hit's score up to `lift` times,
    // so a release outside the candidates reaches the page only if its bound, lifted, beats the
    // page's last candidate before lifting (a lifted candidate only scores higher). The window
    // re-ranked stays the best 1,000 by BM25: past the bound, the candidates' order is the order.
    const pageEnd = Math.max(1, Math.trunc(req.offset) + Math.trunc(req.limit));
    const lift = adjacent?.length ? proximityFactor(adjacent.length, adjacent.length) : 1;
    // (and not tried, as the statement runs, when the matches are few beside the terms' postings:
    // finding the candidates reads those postings, more than looking up every match's by key;
    // at 100k '"cash investment"' read 1,568 headline postings to find 6 of its 169 matches)
    // (not for a deep page, nor for a prefix's many words: there the candidates rarely fill it
    // and the attempt is work done twice)
    bounded =
      c.scoring.length > 0 &&
      c.scoring.length <= PROBE_TERMS &&
      pageEnd <= BOUNDED_WINDOW &&
      c.scoring.every((t) => t.weight >= 0) &&
      termReleases >= boundedFrom * (lift > 1 ? PROXIMITY_BOUNDED_FROM : 1);
    ranked = bounded
      ? `${pick()}
tc AS MATERIALIZED (SELECT DISTINCT p.rel FROM qt JOIN ${s}.postings p ON p.term = qt.term WHERE p.tf_title > 0),
cm AS MATERIALIZED (SELECT m.* FROM m WHERE m.rel IN (SELECT rel FROM tc)),
csc AS (${scores(probe('cm'))}),
ch AS MATERIALIZED (${hitsOf('cm', 'csc')}),
ok AS (SELECT ${adaptive ? 'CASE WHEN (SELECT few FROM pick) THEN false ELSE ' : ''}coalesce((SELECT round(score::numeric, 9) FROM ch ORDER BY 1 DESC OFFSET ${p(pageEnd)}::int - 1 LIMIT 1)
         > (SELECT greatest(1::float8, ${typed}::float8 * sum(qt.weight * qt.idf_body * ${BODY_PART_MAX}::float8)) FROM qt)::numeric * ${lift}::numeric * 1.000001, false)${adaptive ? ' END' : ''} AS yes),
sc AS ${adaptive ? 'MATERIALIZED ' : ''}(${scoreAll('m')}),
h AS (SELECT * FROM ch WHERE (SELECT yes FROM ok) UNION ALL ${hitsOf('m', 'sc')} WHERE NOT (SELECT yes FROM ok)),`
      : `
${pick()}sc AS ${adaptive ? 'MATERIALIZED ' : ''}(${scoreAll('m')}),
h AS (${hitsOf('m', 'sc')}),`;
    page = `LIMIT ${limit} OFFSET ${offset}`;
  }
  // Matches copied without their facet values, read for the sample alone: a common word's (72k at
  // 100k) are copied whole otherwise, spilling to temporary files that every part then reads
  // again (date order at 100k, alternated: 'company' 114 -> 97 ms, 'revenue' 110 -> 82)
  const narrow = bounded || req.order !== 'relevance';
  const text = `
WITH g AS (SELECT releases::float8 AS n, greatest(avg_title, 1e-9) AS at, greatest(avg_body, 1e-9) AS ab, generation FROM ${s}.meta LIMIT 1),
m AS MATERIALIZED (SELECT r.rel, r.id, r.day, r.len_title, r.len_body${narrow ? '' : ', r.company, r.cik, r.forms, r.codes, r.trials, r.phases'} FROM ${s}.releases r WHERE ${c.where}),
qt AS (
  SELECT q.term, q.weight, q.source, g.at, g.ab,
    ln(1::float8 + (g.n - t.df_title + 0.5::float8) / (t.df_title + 0.5::float8)) AS idf_title,
    ln(1::float8 + (g.n - t.df_body + 0.5::float8) / (t.df_body + 0.5::float8)) AS idf_body
  FROM unnest(${terms}::text[], ${weights}::float8[], ${sources}::int[]) AS q(term, weight, source) JOIN ${s}.terms t ON t.term = q.term CROSS JOIN g),${ranked}
w AS (SELECT * FROM h ORDER BY ${ORDER_BY[req.order]} ${page}),
-- facets over every match, or past FACET_SAMPLE over every n-th (by rel), scaled by the caller
fstep AS (SELECT greatest(1, count(*) / ${p(Math.max(1, Math.trunc(facetSample)))}::int)::int AS n FROM m),
fm AS MATERIALIZED (${
    narrow
      ? `SELECT r.* FROM (SELECT m.rel FROM m, fstep WHERE fstep.n = 1 OR m.rel % fstep.n = 0) x
  CROSS JOIN LATERAL (SELECT r.rel, r.day, r.company, r.cik, r.forms, r.codes, r.trials, r.phases FROM ${s}.releases r WHERE r.rel = x.rel OFFSET 0) r`
      : 'SELECT m.* FROM m, fstep WHERE fstep.n = 1 OR m.rel % fstep.n = 0'
  })
SELECT (SELECT generation FROM g) AS generation, (SELECT count(*) FROM m)::int AS total,
  ${req.facets?.length ? '(SELECT n FROM fstep) AS facet_step, (SELECT count(*) FROM fm)::int AS facet_sampled,' : '1 AS facet_step, 0 AS facet_sampled,'}
  (SELECT coalesce(json_agg(json_build_array(y.id, y.score, y.terms, y.day, ${adj}) ORDER BY ${ORDER_BY[req.order].replace(/h\./g, 'y.')}), '[]'::json) FROM w y) AS hits,
  ${facets.join(',\n  ')}`;
  return { text, values };
}
