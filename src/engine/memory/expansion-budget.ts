import type { EngineQuery } from './engine-query.js';
import type { FieldPostings, MiniSearchInternals } from './term-index.js';

/**
 * How far a query's prefixes may expand: each keeps at most `perPrefix` words, the ones most
 * releases hold (Lucene's top-terms rewrite), and all of them together at most `postings`
 * postings to score (the work a query may cost). The budget is shared max-min fairly: a prefix
 * that needs less than an equal share takes what it needs and leaves the rest to the others, so
 * prefixes that fit together are never cut. A prefix whose words fit nowhere is searched as
 * nothing. Cuts are recorded for the page to say so.
 */
export interface ExpansionBudget {
  perPrefix: number;
  postings: number;
  limited: { prefix: string; kept: number; of: number }[];
  /** Postings the whole query may read (work-budget.ts); unbounded when absent. */
  work?: number;
  /** Words all the query's prefixes together may expand to (`perPrefix` shrinks to share them). */
  words?: number;
  /** What the work limit left out of the query, as the page names it, costliest first. */
  dropped?: string[];
  /**
   * The words of each prefix of the query not yet expanded, and the postings they need
   * (planExpansions). `narrowed`: read only over what another item of an AND matched, so its
   * postings are skipped past rather than scored, and it draws nothing from `postings`.
   */
  pending?: Map<string, { words: Sized[]; need: number; narrowed: boolean }>;
}

interface Sized {
  t: string;
  data: FieldPostings;
  n: number;
}

/** The postings of a term's data (all fields). */
export function postingCount(d: FieldPostings): number {
  let n = 0;
  for (const p of d.values()) n += p.size;
  return n;
}

/** Walk the query's prefixes once, before any is expanded: what each needs decides its share. */
export function planExpansions(m: MiniSearchInternals, q: EngineQuery, budget: ExpansionBudget, isExpandable: (term: string) => boolean): void {
  const pending = new Map<string, { words: Sized[]; need: number; narrowed: boolean }>();
  // a query planned again (cut to its work budget) has its prefixes' words already
  const before = budget.pending;
  const visit = (node: EngineQuery, narrowed: boolean): void => {
    if (node.kind === 'term') {
      if (!node.prefix || !isExpandable(node.term)) return;
      const planned = pending.get(node.term);
      if (planned) planned.narrowed &&= narrowed;
      else {
        const words = before?.get(node.term)?.words ?? wordsOf(m, node.term);
        pending.set(node.term, { words, need: need(words, budget.perPrefix), narrowed });
      }
    } else if (node.kind === 'or') node.items.forEach((i) => visit(i, narrowed));
    else if (node.kind === 'and') {
      // an AND starts from its cheapest item, one without a prefix where it has one (a prefix
      // counts as costly as a word in every release): its items with prefixes are read narrowed
      const pivotFree = node.items.some((i) => !hasPrefix(i));
      node.items.forEach((i) => visit(i, narrowed || pivotFree));
    } else if (node.kind === 'not') {
      visit(node.include, narrowed);
      node.exclude.forEach((e) => visit(e, true));
    }
  };
  visit(q, false);
  budget.pending = pending;
}

function hasPrefix(q: EngineQuery): boolean {
  if (q.kind === 'term') return q.prefix === true;
  if (q.kind === 'and' || q.kind === 'or') return q.items.some(hasPrefix);
  if (q.kind === 'not') return hasPrefix(q.include) || q.exclude.some(hasPrefix);
  return false;
}

function wordsOf(m: MiniSearchInternals, prefix: string): Sized[] {
  const out: Sized[] = [];
  for (const [t, data] of m._index.atPrefix(prefix)) if (t.length > prefix.length) out.push({ t, data, n: postingCount(data) });
  return out;
}

/** The postings of a prefix's `perPrefix` most used words. */
function need(words: readonly Sized[], perPrefix: number): number {
  if (words.length <= perPrefix) return words.reduce((n, w) => n + w.n, 0);
  let n = 0;
  for (const w of [...words].sort((a, b) => b.n - a.n).slice(0, perPrefix)) n += w.n;
  return n;
}

/** The most one prefix may spend: max-min fair among it and the prefixes still pending. */
function allowance(own: number, others: readonly number[], budget: number): number {
  const needs = [...others, own].sort((a, b) => a - b);
  let left = budget;
  for (let i = 0; i < needs.length; i++) {
    const share = left / (needs.length - i);
    if (needs[i]! > share) return Math.min(own, share);
    left -= needs[i]!;
  }
  return own;
}

/**
 * The words a prefix is searched with, in the index's order (scores sum in the order MiniSearch
 * visits them): all of them when they fit its allowance, else the most used ones that do, and the
 * most used one alone past the allowance if the whole budget still holds it.
 */
export function expandPrefix(m: MiniSearchInternals, prefix: string, budget: ExpansionBudget): [string, FieldPostings][] {
  const planned = budget.pending?.get(prefix);
  budget.pending?.delete(prefix);
  const words = planned?.words ?? wordsOf(m, prefix);
  if (planned?.narrowed) return mostUsed(prefix, words, budget);
  const others = [...(budget.pending?.values() ?? [])].filter((p) => !p.narrowed).map((p) => p.need);
  const all = words.reduce((n, x) => n + x.n, 0);
  const share = allowance(planned?.need ?? need(words, budget.perPrefix), others, budget.postings);
  if (words.length <= budget.perPrefix && all <= share) {
    budget.postings -= all;
    return words.map((w) => [w.t, w.data]);
  }
  const kept = new Set<string>();
  let spent = 0;
  for (const x of [...words].sort((a, b) => b.n - a.n || (a.t < b.t ? -1 : 1))) {
    if (kept.size >= budget.perPrefix) break;
    if (spent + x.n > share && !(kept.size === 0 && x.n <= budget.postings)) continue;
    kept.add(x.t);
    spent += x.n;
  }
  budget.postings -= spent;
  budget.limited.push({ prefix, kept: kept.size, of: words.length });
  return words.filter((w) => kept.has(w.t)).map((w) => [w.t, w.data]);
}

/** A narrowed prefix's words: its `perPrefix` most used, drawing nothing from the postings. */
function mostUsed(prefix: string, words: readonly Sized[], budget: ExpansionBudget): [string, FieldPostings][] {
  if (words.length <= budget.perPrefix) return words.map((w) => [w.t, w.data]);
  const kept = new Set([...words].sort((a, b) => b.n - a.n || (a.t < b.t ? -1 : 1)).slice(0, budget.perPrefix).map((w) => w.t));
  budget.limited.push({ prefix, kept: kept.size, of: words.length });
  return words.filter((w) => kept.has(w.t)).map((w) => [w.t, w.data]);
}

