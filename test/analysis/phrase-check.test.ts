import { describe, expect, it } from 'vitest';
import { queryTerms, tokenize } from '../../src/analysis/terms.js';
import { hasPhrase } from '../../src/analysis/match-spans.js';
import { phraseText, textHasAnyPhrase, textHasPhrase } from '../../src/analysis/phrase-check.js';
import { seedIndex } from '../support/seed-index.js';

const { releases } = seedIndex();

describe('textHasPhrase', () => {
  it('agrees with tokenizing the whole text, for every adjacent word pair of the seeds and their reversals', () => {
    let checked = 0;
    for (const r of releases) {
      const text = `${r.title}\n\n${r.body}`;
      const tokens = tokenize(text);
      const words = tokens.filter((t) => !t.part).map((t) => t.term);
      for (let i = 0; i + 1 < words.length; i += 7) {
        for (const phrase of [[words[i]!, words[i + 1]!], [words[i + 1]!, words[i]!]]) {
          expect(textHasPhrase(text, phrase), `${phrase.join(' ')} in ${r.id}`).toBe(hasPhrase(tokens, phrase));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('agrees with tokenizing the whole text for three-word phrases and near misses', () => {
    let checked = 0;
    for (const r of releases) {
      const text = `${r.title}\n\n${r.body}`;
      const tokens = tokenize(text);
      const words = tokens.filter((t) => !t.part).map((t) => t.term);
      for (let i = 0; i + 3 < words.length; i += 5) {
        for (const phrase of [words.slice(i, i + 3), [words[i]!, words[i + 2]!], [words[i]!, words[i + 1]!, words[i + 3]!]]) {
          expect(textHasPhrase(text, phrase), `${phrase.join(' ')} in ${r.id}`).toBe(hasPhrase(tokens, phrase));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('finds a phrase that a number follows: "sales rose" in "sales rose 5 percent"', () => {
    expect(textHasPhrase('Net sales rose 5 percent in the quarter.', queryTerms('sales rose'))).toBe(true);
    expect(textHasPhrase('It now serves more than 50 customers.', queryTerms('more than'))).toBe(true);
    expect(textHasPhrase('It now serves more than 50 customers.', queryTerms('than 50'))).toBe(true);
  });

  it('finds codes, plurals, accents and compounds however they are written', () => {
    expect(textHasPhrase('trials of NC 381 analogs began', queryTerms('nc381 analog'))).toBe(true);
    expect(textHasPhrase('the GTI-2040 trials', queryTerms('gti2040 trial'))).toBe(true);
    expect(textHasPhrase('a café in Zürich today', queryTerms('cafe in zurich'))).toBe(true);
    expect(textHasPhrase('new anti-cancer agents', queryTerms('anticancer agent'))).toBe(true);
    expect(textHasPhrase('cancer cell renal', queryTerms('renal cell'))).toBe(false);
    expect(textHasPhrase("the company's net income, and Virulizin(R) data", queryTerms('company net income'))).toBe(true);
    expect(textHasPhrase('Virulizin(R) data were shown', queryTerms('virulizin data'))).toBe(true);
    expect(textHasPhrase('net. Income rose', queryTerms('net income rose'))).toBe(true);
    expect(textHasPhrase('net re-launching plans', queryTerms('net relaunching plan'))).toBe(true);
    // an apostrophe among a word's first letters (`We're` is `were`), accented letters, a fraction
    expect(textHasPhrase('"We\'re thrilled," he said', queryTerms('were thrilled'))).toBe(true);
    expect(textHasPhrase('a deal with L’Oréal Paris', queryTerms('loreal paris'))).toBe(true);
    expect(textHasPhrase('offices in São Paulo', queryTerms('sao paulo'))).toBe(true);
    expect(textHasPhrase('a 5 ¼-inch barrel', queryTerms('5 1⁄4inch barrel'))).toBe(hasPhrase(tokenize('a 5 ¼-inch barrel'), queryTerms('5 1⁄4inch barrel')));
    expect(textHasPhrase('sales rose 5 percent', queryTerms('sales rose'))).toBe(hasPhrase(tokenize('sales rose 5 percent'), queryTerms('sales rose')));
  });
});

describe('textHasAnyPhrase', () => {
  it('agrees with checking each phrase alone, over sets of phrases present, absent and sharing a first word', () => {
    let checked = 0;
    let found = 0;
    for (const r of releases) {
      const text = `${r.title}\n\n${r.body}`;
      const prepared = phraseText(text);
      const words = tokenize(text).filter((t) => !t.part).map((t) => t.term);
      for (let i = 0; i + 3 < words.length; i += 11) {
        const sets = [
          [[words[i]!, words[i + 1]!], [words[i]! + words[i + 1]!]], // a phrase and its joined spelling
          [[words[i]!, words[i + 2]!], [words[i]!, words[i + 3]!]], // near misses sharing the first word
          [[words[i + 1]!, words[i]!], [words[i + 2]!, words[i + 1]!], [words[i + 2]!, words[i + 3]!]],
          [['zzqx', words[i]!]],
        ];
        for (const phrases of sets) {
          const want = phrases.some((p) => textHasPhrase(text, p));
          expect(textHasAnyPhrase(prepared, phrases), `${phrases.map((p) => p.join(' ')).join(' | ')} in ${r.id}`).toBe(want);
          checked++;
          if (want) found++;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(found).toBeGreaterThan(100);
    expect(found).toBeLessThan(checked);
  });
});
