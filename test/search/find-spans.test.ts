import { describe, expect, it } from 'vitest';
import { queryTerms, tokenize } from '../../src/index/terms.js';
import { findSpans } from '../../src/search/find-spans.js';
import { matchSpans } from '../../src/search/match-spans.js';
import { seedIndex } from '../support/seed-index.js';

const { releases } = seedIndex();

describe('findSpans', () => {
  it('finds exactly the spans that tokenizing the whole text finds, on every seed release', () => {
    let checked = 0;
    for (const r of releases) {
      const text = r.body.replace(/\s+/g, ' ');
      const tokens = tokenize(text);
      const whole = tokens.filter((t) => !t.part).map((t) => t.term);
      for (let i = 0; i + 2 < whole.length; i += 11) {
        const terms = new Set([tokens[i]!.term, whole[i + 2]!]);
        const phrases = [[whole[i]!, whole[i + 1]!]];
        expect(findSpans(text, terms, phrases), `${[...terms].join(',')} / ${phrases[0]!.join(' ')}`).toEqual(matchSpans(tokens, terms, phrases));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('marks codes, compounds and their parts as a full tokenize does', () => {
    const text = 'Trials of GTI 2040 and GTI-2040 with an anti-cancer drug, NC 381 and NC381, then renal cell and cell renal.';
    for (const q of ['gti2040', '2040', 'cancer', 'anticancer', 'nc381', 'cell', 'virulizin']) {
      const terms = new Set(queryTerms(q));
      expect(findSpans(text, terms), q).toEqual(matchSpans(tokenize(text), terms));
    }
    const phrase = [queryTerms('renal cell')];
    expect(findSpans(text, new Set(), phrase)).toEqual(matchSpans(tokenize(text), new Set(), phrase));
  });
});
