import type { Release } from '../clean/release.js';
import type { Engine } from '../engine/engine.js';
import { search } from '../search/search.js';

/** One judged query: release keys with grades (2 = about it, 1 = mentions it). */
export interface JudgedQuery {
  query: string;
  grades: Map<string, number>;
  note: string;
  group: string;
}

/** How a judged release is recognised in an index: a piece of its title and its date. */
export interface JudgedRelease {
  key: string;
  titlePattern: string;
  date: string;
}

export interface QueryScore {
  query: string;
  group: string;
  ndcg: number;
  /** Share of the first five results judged relevant (grade 1 or 2). */
  p5: number;
  /** The best p5 the judgments allow: min(5, relevant releases) / 5. */
  p5Ceiling: number;
  returned: string[];
  total: number;
}

export interface EvalReport {
  queries: QueryScore[];
  /** Mean nDCG@10. */
  overall: number;
  byGroup: Record<string, number>;
  /** Mean precision@5, and the mean of its ceilings (what a perfect ranking would score). */
  precision5: number;
  precision5Ceiling: number;
  precision5ByGroup: Record<string, number>;
  /** Queries judged to have no relevant release, and how many they returned. */
  zeroResult: { query: string; group: string; total: number }[];
  /** Spellings of one query that must give identical ranked lists. */
  variants: { queries: string[]; identical: boolean }[];
  missingKeys: string[];
}

/** Parse a judgments table: `query<TAB>R1=2 R4=1<TAB>note[<TAB>group]`. */
export function parseJudgedQueries(tsv: string): JudgedQuery[] {
  return tsv
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((line) => {
      const [query = '', judged = '', note = '', group = ''] = line.split('\t');
      const grades = new Map<string, number>();
      for (const m of judged.matchAll(/(\S+)=(\d)/g)) grades.set(m[1]!, Number(m[2]));
      return { query, grades, note, group: group || (grades.size === 0 ? 'zero-result' : 'seed') };
    });
}

/** Parse the table of judged releases: `key<TAB>title_pattern<TAB>date<TAB>…`. */
export function parseJudgedReleases(tsv: string): JudgedRelease[] {
  return tsv
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((line) => {
      const [key = '', titlePattern = '', date = ''] = line.split('\t');
      return { key, titlePattern, date };
    });
}

/**
 * Map judged keys to release ids: the releases whose title contains the pattern and whose date is
 * the judged one (every such release: a filing may carry two rows with the same headline and date);
 * without a dated match, the first release whose title contains the pattern.
 */
export function resolveKeys(judged: readonly JudgedRelease[], releases: Iterable<Release>): { ids: Map<string, string[]>; missing: string[] } {
  const all = [...releases];
  const ids = new Map<string, string[]>();
  const missing: string[] = [];
  for (const j of judged) {
    const p = j.titlePattern.toLowerCase();
    const dated = all.filter((x) => x.title.toLowerCase().includes(p) && (!j.date || x.date === j.date));
    const found = dated.length ? dated : all.filter((x) => x.title.toLowerCase().includes(p)).slice(0, 1);
    if (found.length) ids.set(j.key, found.map((r) => r.id));
    else missing.push(j.key);
  }
  return { ids, missing };
}

function dcg(gains: readonly number[]): number {
  return gains.reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
}

/** nDCG@k of a ranked list of ids against graded judgments (by id). */
export function ndcgAt(ranked: readonly string[], grades: ReadonlyMap<string, number>, k = 10): number {
  const ideal = [...grades.values()].sort((a, b) => b - a).slice(0, k);
  if (ideal.length === 0) return ranked.length === 0 ? 1 : 0;
  const got = ranked.slice(0, k).map((id) => grades.get(id) ?? 0);
  return dcg(got) / dcg(ideal);
}

/** Precision@k: the share of the first k results whose grade is 1 or more (the denominator is k). */
export function precisionAt(ranked: readonly string[], grades: ReadonlyMap<string, number>, k = 5): number {
  return ranked.slice(0, k).filter((id) => (grades.get(id) ?? 0) > 0).length / k;
}

const spelling = (q: string) => q.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Run judged queries against an index: nDCG@10 and precision@5 per query, per group and overall; zero-result and variant checks. */
export async function evaluate(engine: Engine, releases: readonly Release[], queries: readonly JudgedQuery[], judged: readonly JudgedRelease[]): Promise<EvalReport> {
  const { ids, missing } = resolveKeys(judged, releases);
  const scores: QueryScore[] = [];
  const zeroResult: EvalReport['zeroResult'] = [];
  for (const q of queries) {
    const res = await search(engine, { q: q.query, page: 1, size: 10, sort: 'relevance' });
    const returned = res.results.map((r) => r.id);
    if (q.grades.size === 0) {
      zeroResult.push({ query: q.query, group: q.group, total: res.total });
      continue;
    }
    const grades = new Map<string, number>();
    for (const [key, g] of q.grades) {
      for (const id of ids.get(key) ?? []) grades.set(id, Math.max(g, grades.get(id) ?? 0));
    }
    const relevant = [...grades.values()].filter((g) => g > 0).length;
    scores.push({ query: q.query, group: q.group, ndcg: ndcgAt(returned, grades), p5: precisionAt(returned, grades), p5Ceiling: Math.min(5, relevant) / 5, returned, total: res.total });
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const byGroup: Record<string, number> = {};
  const precision5ByGroup: Record<string, number> = {};
  for (const g of new Set(scores.map((s) => s.group))) {
    byGroup[g] = mean(scores.filter((s) => s.group === g).map((s) => s.ndcg));
    precision5ByGroup[g] = mean(scores.filter((s) => s.group === g).map((s) => s.p5));
  }
  const bySpelling = new Map<string, QueryScore[]>();
  for (const s of scores) bySpelling.set(spelling(s.query), [...(bySpelling.get(spelling(s.query)) ?? []), s]);
  const variants = [...bySpelling.values()]
    .filter((g) => g.length > 1)
    .map((g) => ({ queries: g.map((s) => s.query), identical: g.every((s) => s.returned.join() === g[0]!.returned.join()) }));
  return {
    queries: scores,
    overall: mean(scores.map((s) => s.ndcg)),
    byGroup,
    precision5: mean(scores.map((s) => s.p5)),
    precision5Ceiling: mean(scores.map((s) => s.p5Ceiling)),
    precision5ByGroup,
    zeroResult,
    variants,
    missingKeys: missing,
  };
}
