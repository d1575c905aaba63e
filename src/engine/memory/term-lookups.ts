import { isStem } from '../../analysis/word-stem.js';
import { isCode } from '../../analysis/terms.js';
import type { MatchSettings } from './match-query.js';
import type { FieldPostings, MiniSearchInternals } from './term-index.js';

// Look-ups read off the term tree alone, at query time: no release is scored, and nothing here
// decides what gets indexed (so reindex's code fingerprint, code-version.ts, need not cover it).

/** How a code or compound was written in the releases: `gti2040` → `GTI-2040`. */
export type DisplayForms = ReadonlyMap<string, string>;

/** How widely a term is used: releases with it in the body, plus those with it in a headline, boosted. */
export function popularity(settings: MatchSettings, data: FieldPostings): number {
  let weight = 0;
  for (const [field, posting] of data) weight += posting.size * (settings.fieldBoost[field] ?? 1);
  return weight;
}

/**
 * The closest indexed word to a misspelt one (never for codes), or undefined: the fewest edits
 * (at most one per four letters, and `settings.maxFuzzy`), then one that keeps the first letter
 * (misspellings do: `aparent` is `apparent`, not `parent`), then the most releases.
 */
export function correctTerm(internals: MiniSearchInternals, settings: MatchSettings, term: string): string | undefined {
  if (isCode(term) || term.length < 4) return undefined;
  const maxDistance = Math.min(settings.maxFuzzy, Math.round(term.length * 0.25));
  let best: { term: string; distance: number; first: boolean; weight: number } | undefined;
  for (const [t, [data, distance]] of internals._index.fuzzyGet(term, maxDistance)) {
    if (distance === 0 || isCode(t) || isStem(t)) continue;
    const weight = popularity(settings, data);
    const first = t[0] === term[0];
    const better = !best || distance < best.distance ||
      (distance === best.distance && (first !== best.first ? first : weight > best.weight || (weight === best.weight && t < best.term)));
    if (better) best = { term: t, distance, first, weight };
  }
  return best?.term;
}

/**
 * Completions of a prefix, as written in the releases (`gti` → `GTI-2040`): the indexed words
 * starting with it, those in most releases (headlines counting more) first, one per spelling.
 */
export function suggestTerms(internals: MiniSearchInternals, settings: MatchSettings, display: DisplayForms, prefix: string, limit: number): string[] {
  if (!prefix || limit <= 0) return [];
  const ranked: { term: string; weight: number }[] = [];
  for (const [t, data] of internals._index.atPrefix(prefix)) if (!isStem(t)) ranked.push({ term: t, weight: popularity(settings, data) });
  ranked.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1));
  const out: string[] = [];
  const seen = new Set<string>();
  for (const { term } of ranked) {
    const shown = display.get(term) ?? term;
    if (seen.has(shown.toLowerCase())) continue;
    seen.add(shown.toLowerCase());
    out.push(shown);
    if (out.length >= limit) break;
  }
  return out;
}
