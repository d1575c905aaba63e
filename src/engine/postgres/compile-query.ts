import { isCode, MIN_PREFIX_LENGTH } from '../../analysis/terms.js';
import type { EngineFilters, QueryNode } from '../engine.js';
import { INCOMPLETE_PAIRS, lexeme, pairOf } from './release-row.js';

/**
 * A query tree and its filters as one SQL condition over `r` (a row of `releases`), with its
 * parameters: term subtrees become one tsquery over `r.terms` (GIN-indexed), phrases a tsquery
 * with `<->` over `r.words` (positions), filters plain comparisons. Every value is a parameter.
 */

/** A query term that scores: the index term, its weight, and which typed term it stands for. */
export interface ScoringTerm {
  term: string;
  weight: number;
  /** Distinct typed terms are numbered: a hit's score is multiplied by how many it holds (MiniSearch's rule). */
  source: number;
}

/** The indexed words a prefix stands for, most used first, and how many there were. */
export interface Expansion {
  words: string[];
  of: number;
}

export interface CompiledQuery {
  where: string;
  params: unknown[];
  scoring: ScoringTerm[];
}

// MiniSearch's weight of a prefix expansion, so scores are comparable across backends.
const PREFIX_WEIGHT = 0.375;

type Part = { tsq: string } | { sql: string } | boolean;

/** Whether a term node is searched as a prefix (long enough, and never a code). */
export function isPrefix(node: Extract<QueryNode, { kind: 'term' }>): boolean {
  return node.prefix === true && !isCode(node.term) && node.term.length >= MIN_PREFIX_LENGTH;
}

/** The prefixes of a query, to expand against the terms table before compiling. */
export function prefixesOf(node: QueryNode, out: string[] = []): string[] {
  if (node.kind === 'term' && isPrefix(node) && !out.includes(node.term)) out.push(node.term);
  if (node.kind === 'and' || node.kind === 'or') for (const i of node.items) prefixesOf(i, out);
  if (node.kind === 'not') {
    prefixesOf(node.include, out);
    for (const e of node.exclude) prefixesOf(e, out);
  }
  return out;
}

/** Compile a query and filters; `expansions` holds what each prefix of `prefixesOf` stands for. */
export function compileQuery(query: QueryNode, filters: EngineFilters | undefined, expansions: ReadonlyMap<string, Expansion>, firstParam = 1): CompiledQuery {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(withoutNul(value));
    return `$${firstParam + params.length - 1}`;
  };
  const sources: string[] = [];
  const scoring: ScoringTerm[] = [];
  const score = (term: string, weight: number, typed: string) => {
    let source = sources.indexOf(typed);
    if (source < 0) source = sources.push(typed) - 1;
    scoring.push({ term, weight, source });
  };
  const termsOf = (node: Extract<QueryNode, { kind: 'term' }>): string[] => {
    if (!isPrefix(node)) return [node.term];
    const words = expansions.get(node.term)?.words ?? [];
    return [node.term, ...words.filter((w) => w !== node.term)];
  };
  const walk = (node: QueryNode, scores: boolean): Part => {
    switch (node.kind) {
      case 'all':
        return true;
      case 'term': {
        const terms = termsOf(node);
        if (scores) {
          const boost = node.boost ?? 1;
          for (const t of terms) {
            const distance = t.length - node.term.length;
            score(t, boost * (distance === 0 ? 1 : (PREFIX_WEIGHT * t.length) / (t.length + 0.3 * distance)), node.term);
          }
        }
        return { tsq: terms.length === 1 ? lexeme(terms[0]!) : `(${terms.map(lexeme).join(' | ')})` };
      }
      case 'phrase': {
        if (node.terms.length === 0) return false;
        if (scores) for (const t of node.terms) score(t, 1, t);
        const phrase = `r.words @@ ${param(node.terms.map(lexeme).join(' <-> '))}::tsquery`;
        if (node.terms.length === 1) return { sql: phrase };
        // the releases holding every pair of the phrase (or not all their pairs: INCOMPLETE_PAIRS)
        // found by the pairs' index alone, and only theirs read to check the phrase by its
        // positions: `words` alone made every release holding the words a row to read and check
        const pairs = node.terms.slice(1).map((t, i) => lexeme(pairOf(node.terms[i]!, t)));
        return { sql: `(r.pairs @@ ${param(`(${[...new Set(pairs)].join(' & ')}) | ${lexeme(INCOMPLETE_PAIRS)}`)}::tsquery AND ${phrase})` };
      }
      case 'and': {
        const parts = node.items.map((i) => walk(i, scores));
        if (parts.some((p) => p === false)) return false;
        return combine(parts.filter((p) => p !== true), ' & ', ' AND ', true);
      }
      case 'or': {
        const parts = node.items.map((i) => walk(i, scores));
        if (parts.some((p) => p === true)) return true;
        return combine(parts.filter((p) => p !== false), ' | ', ' OR ', false);
      }
      case 'not': {
        const include = walk(node.include, scores);
        const excluded = node.exclude.map((e) => walk(e, false)).filter((p) => p !== false);
        if (include === false || excluded.some((p) => p === true)) return false;
        if (excluded.length === 0) return include;
        const exclude = combine(excluded, ' | ', ' OR ', false) as Exclude<Part, boolean>;
        if ('tsq' in exclude && (include === true || 'tsq' in include)) return { tsq: include === true ? `!(${exclude.tsq})` : `(${include.tsq}) & !(${exclude.tsq})` };
        const inc = include === true ? 'TRUE' : sqlOf(include);
        return { sql: `(${inc} AND NOT (${sqlOf(exclude)}))` };
      }
    }
  };
  const sqlOf = (p: Exclude<Part, boolean>): string => ('sql' in p ? p.sql : `r.terms @@ ${param(p.tsq)}::tsquery`);
  const combine = (parts: Part[], tsqOp: string, sqlOp: string, empty: boolean): Part => {
    if (parts.length === 0) return empty;
    const tsqs = parts.filter((p): p is { tsq: string } => typeof p === 'object' && 'tsq' in p).map((p) => `(${p.tsq})`);
    const sqls = parts.filter((p): p is { sql: string } => typeof p === 'object' && 'sql' in p).map((p) => p.sql);
    if (sqls.length === 0) return { tsq: tsqs.join(tsqOp) };
    const all = tsqs.length ? [sqlOf({ tsq: tsqs.join(tsqOp) }), ...sqls] : sqls;
    return { sql: `(${all.join(sqlOp)})` };
  };
  const top = walk(query, true);
  const conditions = [top === true ? 'TRUE' : top === false ? 'FALSE' : sqlOf(top), ...filterConditions(filters, param)];
  return { where: conditions.join(' AND '), params, scoring };
}

/** PostgreSQL text holds no NUL: a value with one could match nothing stored anyway. */
export function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\u0000/g, '');
  if (Array.isArray(value)) return value.map(withoutNul);
  return value;
}

/** The filters as SQL conditions (the memory backend's rules, in docFilterOf). */
function filterConditions(f: EngineFilters | undefined, param: (v: unknown) => string): string[] {
  if (!f) return [];
  const out: string[] = [];
  const lists = f.companies?.filter((l) => l.length > 0);
  if (lists?.length) {
    // each word of a list starts a word of the name; any list
    const one = (list: string[]) =>
      `NOT EXISTS (SELECT 1 FROM unnest(${param(list)}::text[]) w WHERE NOT EXISTS (SELECT 1 FROM unnest(r.company_words) c WHERE starts_with(c, w)))`;
    out.push(`(${lists.map(one).join(' OR ')})`);
  }
  if (f.tickers?.length) {
    const wanted = f.tickers.map((t) => t.toUpperCase().replace(/\s+/g, ''));
    out.push(`EXISTS (SELECT 1 FROM unnest(r.tickers) x, unnest(${param(wanted)}::text[]) t WHERE x = t OR right(x, length(t) + 1) = ':' || t)`);
  }
  if (f.fromDay !== undefined) out.push(`(r.day <> 0 AND r.day >= ${param(Math.trunc(f.fromDay))}::int)`);
  if (f.toDay !== undefined) out.push(`(r.day <> 0 AND r.day <= ${param(Math.trunc(f.toDay))}::int)`);
  // each year as a range of days (YYYYMMDD), which the day index answers (its matches ANDed with
  // the text index's before any row is read) rather than a test of every text match's row
  if (f.years?.length) {
    // (a year past any day's, or before 0, matches nothing: clamped where that stays true, inside int4)
    const years = [...new Set(f.years.map((y) => Math.min(Math.max(Math.trunc(y), -1), 200_000)))];
    out.push(`(r.day <> 0 AND (${years.map((y) => `r.day BETWEEN ${param(y * 10000)}::int AND ${param(y * 10000 + 9999)}::int`).join(' OR ')}))`);
  }
  if (f.ids) out.push(`r.id = ANY(${param([...f.ids])}::text[])`);
  if (f.ciks?.length) out.push(`r.cik = ANY(${param(f.ciks.map((c) => c.trim().replace(/^0+(?=\d)/, '')))}::text[])`);
  if (f.forms?.length) out.push(`r.forms && ${param(f.forms.map((x) => x.trim().toUpperCase()))}::text[]`);
  if (f.codes?.length) out.push(`r.codes && ${param(f.codes.map((x) => x.trim().toLowerCase()))}::text[]`);
  if (f.trials?.length) out.push(`r.trials && ${param(f.trials.map((x) => x.replace(/\s+/g, '').toUpperCase()))}::text[]`);
  if (f.phases?.length) out.push(`r.phases && ${param(f.phases.map((x) => x.trim().toLowerCase()))}::text[]`);
  return out;
}
