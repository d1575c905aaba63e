import type { EngineQuery } from './engine-query.js';
import { planExpansions, postingCount, type ExpansionBudget } from './expansion-budget.js';
import type { MiniSearchInternals } from './term-index.js';
import type { MatchSettings } from './term-matches.js';
import { cost } from './match-query.js';

// An item read only over what another matched (an AND's other items, exclusions) skips past the
// postings of releases outside it, about this many times cheaper than scoring them; those inside
// it are scored (a common pivot leaves most).
const NARROWED = 8;

/** The item an AND starts from, as match-query.ts picks it (the cheapest), and the share of releases it leaves. */
function pivotOf(m: MiniSearchInternals, items: readonly EngineQuery[]): { pivot: number; share: number } {
  const costs = items.map((i) => cost(m, i));
  const least = Math.min(...costs);
  return { pivot: costs.indexOf(least), share: Math.min(1, least / Math.max(1, m._documentCount)) };
}

/**
 * The work a whole query may cost, in postings read. Prefixes have their own share
 * (expansion-budget.ts); this bounds the rest: an OR of thirty words that nearly every release
 * holds reads two million postings, and eight phrases of such words as many. Past the limit, an
 * OR keeps its cheapest items (the rarest words, the ones that say most about a release: BM25
 * gives the common ones almost nothing) and leaves out the costliest, as a search engine drops
 * stop words; the page says which, and the total becomes an estimate. ANDs and exclusions are
 * never cut (that would widen the answer), only ORs inside them.
 */
export interface WorkCut {
  query: EngineQuery;
  /** The items left out, costliest first. */
  dropped: EngineQuery[];
}

/** Postings a node reads: every term's postings once, those read narrowed at 1/NARROWED. */
export function queryWork(m: MiniSearchInternals, q: EngineQuery, prefixWork: (term: string) => number): number {
  switch (q.kind) {
    case 'term': {
      if (q.prefix) return prefixWork(q.term);
      const d = m._index.get(q.term);
      return d ? postingCount(d) : 0;
    }
    case 'or':
      return q.items.reduce((n, i) => n + queryWork(m, i, prefixWork), 0);
    case 'and': {
      const { pivot, share } = pivotOf(m, q.items);
      return q.items.reduce((n, i, k) => n + queryWork(m, i, prefixWork) * (k === pivot ? 1 : Math.min(1, share + 1 / NARROWED)), 0);
    }
    case 'not':
      return queryWork(m, q.include, prefixWork) + q.exclude.reduce((n, e) => n + queryWork(m, e, prefixWork) / NARROWED, 0);
    case 'all':
      return m._documentCount;
  }
}

/** The query cut to at most `limit` postings of work where ORs allow it (unchanged when it fits). */
export function cutToWork(m: MiniSearchInternals, q: EngineQuery, limit: number, prefixWork: (term: string) => number): WorkCut {
  const dropped: { q: EngineQuery; work: number }[] = [];
  const work = (n: EngineQuery) => queryWork(m, n, prefixWork);
  const cut = (node: EngineQuery, allowance: number, own: number): EngineQuery => {
    if (own <= allowance || isOneWord(node)) return node;
    switch (node.kind) {
      case 'or': {
        const costs = node.items.map(work);
        const order = costs.map((_, i) => i).sort((a, b) => costs[a]! - costs[b]! || a - b);
        const kept = new Map<number, EngineQuery>();
        let left = allowance;
        for (const i of order) {
          const item = node.items[i]!;
          if (costs[i]! <= left || kept.size === 0) {
            // the cheapest item stays whatever it costs: an OR never becomes nothing
            const c = kept.size === 0 && costs[i]! > left ? cut(item, left, costs[i]!) : item;
            kept.set(i, c);
            left -= Math.min(costs[i]!, left);
          } else if (item.kind === 'or' && !isOneWord(item) && left > 0) {
            kept.set(i, cut(item, left, costs[i]!));
            left = 0;
          } else dropped.push({ q: item, work: costs[i]! });
        }
        // the kept items in the query's order: scores add up as they would have
        const items = node.items.map((_, i) => kept.get(i)).filter((i): i is EngineQuery => i !== undefined);
        return items.length === 1 ? items[0]! : { ...node, items };
      }
      case 'and': {
        // what the AND starts from takes what its other, narrowed, items leave
        const { pivot, share } = pivotOf(m, node.items);
        const rest = node.items.reduce((n, i, k) => (k === pivot ? n : n + work(i) * Math.min(1, share + 1 / NARROWED)), 0);
        return { ...node, items: node.items.map((i, k) => (k === pivot ? cut(i, Math.max(allowance - rest, allowance / 2), work(i)) : i)) };
      }
      case 'not': {
        const excluded = node.exclude.reduce((n, e) => n + work(e) / NARROWED, 0);
        return { ...node, include: cut(node.include, Math.max(allowance - excluded, allowance / 2), work(node.include)) };
      }
      default:
        return node;
    }
  };
  const query = cut(q, limit, work(q));
  return { query, dropped: dropped.sort((a, b) => b.work - a.work).map((d) => d.q) };
}

/**
 * A word with its other forms or synonyms (the word typed, then terms that count less: a boost
 * below 1 is only ever given to a typed word's other forms, search/query-plan.ts): one unit
 * to keep or leave out whole. Cut cheapest-first it would keep a rare form and lose the word
 * itself, and an AND holding it (`announced today`) would match nothing.
 */
function isOneWord(q: EngineQuery): boolean {
  if (q.kind !== 'or' || q.items.length < 2) return false;
  const plain = (i: EngineQuery): i is Extract<EngineQuery, { kind: 'term' }> => i.kind === 'term' && !i.prefix && !i.fuzzy;
  const [typed, ...forms] = q.items;
  return plain(typed!) && typed.boost === undefined && forms.every((f) => plain(f) && f.boost !== undefined && f.boost < 1);
}

/**
 * The query a search runs: its prefixes planned and, past the budget's work, its costliest OR
 * items left out (recorded in `budget.dropped`).
 */
export function withinBudget(m: MiniSearchInternals, settings: MatchSettings, q: EngineQuery, budget: ExpansionBudget): EngineQuery {
  const expandable = (t: string) => !settings.isCode(t) && t.length >= settings.minPrefixLength;
  const perPrefix = budget.perPrefix;
  const plan = (query: EngineQuery) => {
    // every word a prefix stands for is one more term to score and to mark: the query's words are shared out
    const prefixes = prefixTerms(query, expandable).size;
    if (budget.words !== undefined && prefixes) budget.perPrefix = Math.min(perPrefix, Math.max(1, Math.floor(budget.words / prefixes)));
    planExpansions(m, query, budget, expandable);
  };
  plan(q);
  if (budget.work === undefined) return q;
  budget.postings = Math.min(budget.postings, budget.work);
  const prefixWork = (t: string) => {
    const planned = budget.pending?.get(t);
    return planned && !planned.narrowed ? Math.min(planned.need, budget.postings) : 0;
  };
  const { query, dropped } = cutToWork(m, q, budget.work, prefixWork);
  if (!dropped.length) return q;
  // a word typed twice is left out once
  budget.dropped = [...new Set(dropped.map(describeItem))];
  // prefixes left out hold no share of the expansion budget
  plan(query);
  return query;
}

function prefixTerms(q: EngineQuery, expandable: (t: string) => boolean, out = new Set<string>()): Set<string> {
  if (q.kind === 'term') {
    if (q.prefix && expandable(q.term)) out.add(q.term);
  } else if (q.kind === 'and' || q.kind === 'or') for (const i of q.items) prefixTerms(i, expandable, out);
  else if (q.kind === 'not') for (const i of [q.include, ...q.exclude]) prefixTerms(i, expandable, out);
  return out;
}

/** How a left-out item reads on the page: a word, a prefix, a phrase (its words quoted). */
export function describeItem(q: EngineQuery): string {
  switch (q.kind) {
    case 'term':
      return q.prefix ? `${q.term}*` : q.term;
    case 'and':
      return `"${q.items.map(describeItem).join(' ')}"`;
    case 'or':
      return describeItem(q.items[0]!);
    case 'not':
      return describeItem(q.include);
    case 'all':
      return '*';
  }
}
