import { describe, expect, it } from 'vitest';
import { queryTerms, tokenize } from '../../src/analysis/terms.js';
import { findSpans } from '../../src/analysis/find-spans.js';
import { matchSpans } from '../../src/analysis/match-spans.js';
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

  it('finds the same spans for several phrases at once, of two and three words, in bodies as written', () => {
    let checked = 0;
    for (const r of releases) {
      const tokens = tokenize(r.body);
      const whole = tokens.filter((t) => !t.part).map((t) => t.term);
      for (let i = 0; i + 5 < whole.length; i += 17) {
        // a phrase there, a three-word one beside it, one of its words alone, and a phrase of the same first word that may not occur
        const phrases = [[whole[i]!, whole[i + 1]!], [whole[i + 2]!, whole[i + 3]!, whole[i + 4]!], [whole[i]!, whole[i + 5]!]];
        const terms = new Set([whole[i + 1]!]);
        expect(findSpans(r.body, terms, phrases), phrases.map((p) => p.join(' ')).join(' | ')).toEqual(matchSpans(tokens, terms, phrases));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('finds the same spans for words without phrases, where plain words skip tokenizing', () => {
    let checked = 0;
    for (const r of releases) {
      const text = r.body.replace(/\s+/g, ' ');
      const tokens = tokenize(text);
      for (let i = 0; i + 7 < tokens.length; i += 5) {
        const terms = new Set([tokens[i]!.term, tokens[i + 3]!.term, tokens[i + 7]!.term]);
        expect(findSpans(text, terms), [...terms].join(',')).toEqual(matchSpans(tokens, terms));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('reads marks, possessives, codes and non-ASCII neighbours as a full tokenize does', () => {
    const text = "Virulizin(R) and Virulizin(R)'s data; the company's plan (TM) tm; NC\u00a0381, NC 381; ®Company, über-company, company’s, co-pay, pay-co, Q4 2004.";
    for (const q of ['virulizin', 'company', 'tm', 'nc381', 'nc', '381', 'pay', 'copay', 'q4', 'co', 'uber']) {
      const terms = new Set(queryTerms(q));
      expect(findSpans(text, terms), q).toEqual(matchSpans(tokenize(text), terms));
    }
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
