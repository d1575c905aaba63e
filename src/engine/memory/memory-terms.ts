import type { TermDictionary } from '../engine.js';
import type { LoadedIndex } from './loaded-index.js';

/** The term dictionary of whichever generation `current` gives. */
export function memoryTerms(current: () => Promise<LoadedIndex>): TermDictionary {
  return {
    async known(terms) {
      const { engine } = await current();
      return new Set(terms.filter((t) => engine.hasTerm(t)));
    },
    async correct(term) {
      const { engine } = await current();
      const fix = engine.correct(term);
      return fix === undefined ? undefined : { term: fix, releases: engine.releasesWith(fix) };
    },
    async suggest(prefix, limit) {
      return (await current()).engine.suggest(prefix, limit);
    },
  };
}
