import { describe, expect, it } from 'vitest';
import { queryTerms, tokenize } from '../../src/analysis/terms.js';
import { findSpans, searchText } from '../../src/analysis/find-spans.js';
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

  // accented letters of every kind near and inside words, Unicode hyphens, marks written apart
  // (NFD), letters that fold to two (`ĳ`), and ones that fold to none of ASCII (`ø`, `æ`)
  const ACCENTED = [
    'Offices in São Paulo and Zürich; the École Polytechnique café, a naïve résumé of the Ærø ferry.',
    'The anti\u2010cancer drug and the re\u2011launching of GTÏ 2040, with Ĳssel data; Søren and Æther.',
    'İstanbul office, cafe\u0301 au lait, ÉCOLE, Façade—façades, coöperation and co-operation; Ñandú S.A.',
  ];

  it('finds the same spans as a full tokenize in texts with accented letters, for every word of them', () => {
    let checked = 0;
    for (const text of ACCENTED) {
      const tokens = tokenize(text);
      const whole = tokens.filter((t) => !t.part).map((t) => t.term);
      for (let i = 0; i < tokens.length; i++) {
        const terms = new Set([tokens[i]!.term]);
        const phrases = i + 1 < whole.length ? [[whole[i]!, whole[i + 1]!]] : [];
        expect(findSpans(text, terms, phrases), `${tokens[i]!.term} in ${text}`).toEqual(matchSpans(tokens, terms, phrases));
        checked++;
      }
      for (const q of ['sao', 'paulo', 'zurich', 'ecole', 'cafe', 'naive', 'resume', 'anticancer', 'cancer', 'relaunching', 'istanbul', 'facade', 'cooperation', 'nandu', 'ijssel', 'soren']) {
        const terms = new Set(queryTerms(q));
        expect(findSpans(text, terms), `${q} in ${text}`).toEqual(matchSpans(tokens, terms));
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('finds a word written with an apostrophe or a hyphen among its first letters, and a fraction, as a full tokenize does', () => {
    // (a fraction folds to several characters, sending its text to the full tokenizer: apart)
    expect(findSpans('5 ¼-inches and ½ more', new Set(['1⁄4inches']))).toEqual(matchSpans(tokenize('5 ¼-inches and ½ more'), new Set(['1⁄4inches'])));
    const text = "We're thrilled, said O'Reilly of L’Oréal; we’ll see. D'Amico bought 5 inches more.";
    expect(searchText(text)).toHaveLength(text.length);
    const tokens = tokenize(text);
    for (const q of ['were', 'oreilly', 'loreal', 'well', 'damico', 'inches']) {
      const terms = new Set(queryTerms(q));
      const spans = findSpans(text, terms);
      expect(spans, q).toEqual(matchSpans(tokens, terms));
      expect(spans.length, q).toBeGreaterThan(0);
    }
    for (const p of ['were thrilled', "o'reilly of", 'of loreal']) {
      const phrase = [queryTerms(p)];
      expect(findSpans(text, new Set(), phrase), p).toEqual(matchSpans(tokens, new Set(), phrase));
      expect(findSpans(text, new Set(), phrase), p).toHaveLength(1);
    }
    for (const t of tokens) expect(findSpans(text, new Set([t.term])), t.term).toEqual(matchSpans(tokens, new Set([t.term])));
  });

  it('finds words whose first letters or digits are written apart, every token of them, as a full tokenize does', () => {
    const text = "Sales of 1,234,567 units; 2-4 weeks; re-launching a co-op, w-i-l-d and w'i-ld ideas; y'all'd we've O’Neil's e-mail.";
    const tokens = tokenize(text);
    const whole = tokens.filter((t) => !t.part).map((t) => t.term);
    for (let i = 0; i < tokens.length; i++) {
      const terms = new Set([tokens[i]!.term]);
      const phrases = i + 1 < whole.length ? [[whole[i]!, whole[i + 1]!]] : [];
      expect(findSpans(text, terms, phrases), tokens[i]!.term).toEqual(matchSpans(tokens, terms, phrases));
    }
  });

  it('searches a text with accented letters folded at its own offsets, and leaves to the tokenizer one where folding moves them', () => {
    const text = 'Offices in São Paulo, the École café and an anti\u2010cancer drug.';
    const hay = searchText(text)!;
    expect(hay).toHaveLength(text.length);
    expect(hay).toBe('offices in sao paulo, the ecole cafe and an anti-cancer drug.');
    expect(searchText('Ĳssel data')).toBeUndefined();
    expect(searchText('Plain ASCII')).toBe('plain ascii');
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
