import type { Engine, EngineAnswer, EngineFilters, EngineSearch, QueryNode } from '../engine/engine.js';
import type { ParsedQuery, QueryItem } from './parse-query.js';
import { excludedNodes, itemNode } from './query-plan.js';

// A query of fewer groups than this is not relaxed: of two words, one alone is another query.
const MIN_GROUPS = 3;
// Nor one of more: each subset is a search of its own (a pasted sentence of 31 words would cost
// 31 searches), and a long query that finds nothing is better narrowed by its writer.
const MAX_GROUPS = 6;

/** How far a query was relaxed: the most of its word groups any release holds, and what was left out. */
export interface Relaxed {
  matched: number;
  of: number;
  /** The groups (as typed) that no shown release needed. */
  dropped: string[];
}

const groupNode = (g: QueryItem[]): QueryNode => (g.length === 1 ? itemNode(g[0]!) : { kind: 'or', items: g.map(itemNode) });
// the words as typed: a synonym or another form added beside a word is not shown, nor checked
const typed = (g: QueryItem[]) => g.filter((i) => !i.synonymOf);
const groupText = (g: QueryItem[]) => typed(g).map((i) => (i.kind === 'phrase' ? `"${i.text}"` : i.text)).join(' OR ');

function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const pick = (from: number, chosen: number[]) => {
    if (chosen.length === k) {
      out.push(chosen);
      return;
    }
    for (let i = from; i <= n - (k - chosen.length); i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return out;
}

/**
 * No dead ends: when no release holds every group of a query, the releases that hold all but one
 * of them, ranked (each such subset that some release holds, OR'd). Never noise instead of
 * nothing: only for a query of three to six groups whose every word occurs somewhere (a word found
 * nowhere is a misspelling or a thing the corpus does not hold), and not for a name (every word
 * typed capitalised, `Toronto Stock Exchange`), which holds together or not at all.
 */
export async function relax(
  engine: Engine,
  parsed: ParsedQuery,
  search: Omit<EngineSearch, 'query'>,
): Promise<{ answer: EngineAnswer; relaxed: Relaxed } | undefined> {
  const groups = parsed.groups;
  if (groups.length < MIN_GROUPS || groups.length > MAX_GROUPS) return undefined;
  const typedWords = groups.flatMap(typed).filter((i) => i.kind === 'word').map((i) => i.text);
  if (typedWords.length === groups.length && typedWords.every((w) => /^\p{Lu}/u.test(w))) return undefined;
  const words = groups.flatMap(typed).flatMap((i) => (i.kind === 'prefix' ? [] : i.terms));
  const known = await engine.terms.known(words);
  if (words.some((t) => !known.has(t))) return undefined;
  const exclude = parsed.excluded.flatMap(excludedNodes);
  const wrap = (include: QueryNode): QueryNode => (exclude.length ? { kind: 'not', include, exclude } : include);
  const filters: EngineFilters | undefined = search.filters;
  const count = async (node: QueryNode) => (await engine.search({ query: wrap(node), ...(filters ? { filters } : {}), order: 'relevance', offset: 0, limit: 0 })).total;
  for (let k = groups.length - 1; k >= groups.length - 1; k--) {
    const held: number[][] = [];
    for (const subset of combinations(groups.length, k)) {
      const node: QueryNode = subset.length === 1 ? groupNode(groups[subset[0]!]!) : { kind: 'and', items: subset.map((i) => groupNode(groups[i]!)) };
      if ((await count(node)) > 0) held.push(subset);
    }
    if (held.length === 0) continue;
    const nodes = held.map((s): QueryNode => (s.length === 1 ? groupNode(groups[s[0]!]!) : { kind: 'and', items: s.map((i) => groupNode(groups[i]!)) }));
    const include: QueryNode = nodes.length === 1 ? nodes[0]! : { kind: 'or', items: nodes };
    const answer = await engine.search({ ...search, query: wrap(include) });
    // a group is dropped when some subset shown leaves it out
    const dropped = groups.map((g, i) => ({ g, i })).filter(({ i }) => held.some((s) => !s.includes(i))).map(({ g }) => groupText(g));
    return { answer, relaxed: { matched: k, of: groups.length, dropped } };
  }
  return undefined;
}
