import { phraseText, textHasPhrase, type PhraseText } from '../../analysis/phrase-check.js';
import type { Release } from '../../clean/release.js';
import { ADJACENT_CHECKS, adjacentPairs, PROXIMITY_CANDIDATES, proximityFactor } from '../adjacent-words.js';
import { compareHits, type EngineHit, type HitSet } from './engine-query.js';
import { phrasePairs } from './pair-filter.js';
import type { SearchEngine } from './search-engine.js';

/**
 * The relevance order of a query of plain words with proximity (adjacent-words.ts), best first,
 * at least `end` hits. The best PROXIMITY_CANDIDATES matches are boosted by the pairs their pair
 * filters may hold (no text read); the best ADJACENT_CHECKS of the new order are then held to
 * their text: a pair the filter passed but the text lacks (about 1 in 1,000 absent pairs passes) takes
 * its boost back, and hits below move up until the head is all checked. The rest of the order
 * keeps the filters' word.
 */
export function proximityOrder(engine: SearchEngine, read: (id: string) => Release | undefined, hits: HitSet, words: readonly string[], end: number): EngineHit[] {
  const pairs = adjacentPairs(words);
  const hashed = pairs.map(([a, b]) => phrasePairs([a, b])[0]!);
  const guessed = new Map<string, number>();
  hits.boostTop(PROXIMITY_CANDIDATES, (id, doc) => {
    const held = engine.pairsMayHold(id, doc, hashed);
    if (held > 0) guessed.set(id, held);
    return proximityFactor(held, pairs.length);
  });
  // a margin below the head: checked hits that lose their boost are replaced from it
  let want = Math.max(end, ADJACENT_CHECKS) + ADJACENT_CHECKS;
  const checked = new Set<string>();
  const corrected = new Map<string, number>();
  for (;;) {
    const ordered = hits.top(want, 'relevance');
    // no hit left out scores above the last fetched (a check only ever lowers a score)
    const floor = ordered.length < want ? -Infinity : ordered[ordered.length - 1]!.score;
    for (const h of ordered) h.score *= corrected.get(h.id) ?? 1;
    for (;;) {
      ordered.sort(compareHits('relevance'));
      const unchecked = ordered.slice(0, ADJACENT_CHECKS).filter((h) => !checked.has(h.id));
      if (unchecked.length === 0) break;
      for (const h of unchecked) {
        checked.add(h.id);
        const guess = guessed.get(h.id) ?? 0;
        // the filters have no false negatives: a pair they rule out is absent, nothing to read
        if (guess === 0) continue;
        const r = read(h.id);
        const held = r ? pairsHeld(phraseText(`${r.title}\n\n${r.subtitle}\n\n${r.body}`), pairs) : 0;
        if (held === guess) continue;
        const factor = proximityFactor(held, pairs.length) / proximityFactor(guess, pairs.length);
        corrected.set(h.id, factor);
        h.score *= factor;
      }
    }
    const last = ordered[Math.min(ADJACENT_CHECKS, ordered.length) - 1];
    if (!last || last.score >= floor) return ordered;
    want *= 2;
  }
}

/** How many of the pairs stand side by side in a release's text. */
function pairsHeld(text: PhraseText, pairs: readonly [string, string][]): number {
  let held = 0;
  for (const p of pairs) if (textHasPhrase(text, p)) held++;
  return held;
}
