import { companyWords } from '../analysis/company-words.js';
import { phaseFamily } from '../analysis/entity-phases.js';
import type { EngineFilters, QueryNode } from '../engine/engine.js';
import type { ParsedQuery, QueryItem } from './parse-query.js';
import type { SearchFilters } from './search-types.js';

/** One item of the query as a node of the engine's tree. */
export function itemNode(item: QueryItem): QueryNode {
  if (item.kind === 'prefix') return { kind: 'term', term: item.terms[0]!, prefix: true };
  if (item.kind === 'phrase') {
    const variants = item.variants ?? [item.terms];
    return variants.length === 1 ? { kind: 'phrase', terms: variants[0]! } : { kind: 'or', items: variants.map((terms) => ({ kind: 'phrase', terms })) };
  }
  return item.synonymOf ? { kind: 'term', term: item.terms[0]!, boost: item.synonymOf.boost } : { kind: 'term', term: item.terms[0]! };
}

/** An excluded item as the nodes it excludes (each spelling of a phrase on its own). */
export const excludedNodes = (item: QueryItem): QueryNode[] =>
  item.kind === 'phrase' && item.variants && item.variants.length > 1 ? item.variants.map((terms) => ({ kind: 'phrase', terms })) : [itemNode(item)];

/** The parsed query as the engine's query tree; undefined when it asks for nothing. */
export function queryPlan(parsed: ParsedQuery, filtered: boolean): QueryNode | undefined {
  const groups = parsed.groups.map((g): QueryNode => (g.length === 1 ? itemNode(g[0]!) : { kind: 'or', items: g.map(itemNode) }));
  let include: QueryNode;
  if (groups.length > 0) include = groups.length === 1 ? groups[0]! : { kind: 'and', items: groups };
  else if (filtered || parsed.excluded.length > 0) include = { kind: 'all' };
  else return undefined;
  return parsed.excluded.length ? { kind: 'not', include, exclude: parsed.excluded.flatMap(excludedNodes) } : include;
}

/** `YYYY-MM-DD` as the number YYYYMMDD (0 when not a date). */
const dayOf = (date: string) => (/^\d{4}-\d{2}-\d{2}$/.test(date) ? Number(date.replace(/-/g, '')) : 0);


/** Filters from the query text and URL parameters, as the engine's data. */
export function filtersOf(f: SearchFilters): EngineFilters | undefined {
  const out: EngineFilters = {};
  const companies = (f.company ?? []).map(companyWords).filter((w) => w.length > 0);
  if (companies.length) out.companies = companies;
  if (f.ticker) out.tickers = [f.ticker];
  if (f.from) out.fromDay = dayOf(f.from);
  if (f.to) out.toDay = dayOf(f.to);
  if (f.year?.length) out.years = [...f.year];
  if (f.cik?.length) out.ciks = [...f.cik];
  if (f.form?.length) out.forms = [...f.form];
  if (f.code?.length) out.codes = [...f.code];
  if (f.trial?.length) out.trials = [...f.trial];
  // `phase:2` is every phase with a 2 in it (2, 2a, 2b, 1/2, 2/3); `phase:2b` only itself
  if (f.phase?.length) out.phases = [...new Set(f.phase.flatMap(phaseFamily))];
  return Object.keys(out).length ? out : undefined;
}

