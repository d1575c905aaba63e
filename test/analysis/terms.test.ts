import { describe, expect, it } from 'vitest';
import { foldTerm, indexTerms, isCode, queryTerms, tokenize, WORD, words } from '../../src/analysis/terms.js';
import { seedIndex } from '../support/seed-index.js';

const whole = (text: string) => tokenize(text).filter((t) => !t.part).map((t) => t.term);

describe('terms', () => {
  it('writes a drug code the same however it is spelled', () => {
    for (const spelling of ['GTI-2040', 'GTI 2040', 'gti2040', 'GTI2040', 'Gti-2040']) expect(queryTerms(spelling), spelling).toEqual(['gti2040']);
    for (const spelling of ['NC 381', 'NC-381', 'NC381', 'nc381']) expect(queryTerms(spelling), spelling).toEqual(['nc381']);
  });

  it('joins a word and a number across a space only when the letters are capitals, as codes are written', () => {
    expect(whole('net sales rose 5 percent to more than 50 stores')).toEqual(['net', 'sale', 'rose', '5', 'percent', 'to', 'more', 'than', '50', 'store']);
    expect(whole('began a Phase 3 trial')).toEqual(['began', 'a', 'phase', '3', 'trial']);
    expect(whole('its PHASE 3 trial of MK 0431 and mk-0431')).toEqual(['its', 'phase3', 'trial', 'of', 'mk0431', 'and', 'mk0431']);
    // typed in lower case, a spaced code is its two parts, which the indexed code holds
    expect(queryTerms('nc 381')).toEqual(['nc', '381']);
    expect(indexTerms('NC 381')).toEqual(expect.arrayContaining(['nc', '381']));
  });

  it('keeps codes apart that differ in a digit', () => {
    expect(queryTerms('GTI-2041')).not.toEqual(queryTerms('GTI-2040'));
    expect(queryTerms('NC 382')).not.toEqual(queryTerms('NC 381'));
    expect(isCode('gti2040')).toBe(true);
    expect(isCode('gemcitabine')).toBe(false);
  });

  it('indexes a code whole and by its parts, and the whole spans the written code', () => {
    const text = 'results of GTI-2040 in renal cell cancer';
    const tokens = tokenize(text);
    const code = tokens.find((t) => t.term === 'gti2040')!;
    expect(text.slice(code.start, code.end)).toBe('GTI-2040');
    expect(tokens.filter((t) => t.part).map((t) => t.term)).toEqual(['gti', '2040']);
    expect(indexTerms(text)).toEqual(expect.arrayContaining(['gti2040', 'gti', '2040', 'renal']));
  });

  it('drops trademark marks: Virulizin(R), Virulizin®, Virulizin(R)\'s are all virulizin', () => {
    for (const s of ['Virulizin(R)', 'Virulizin®', "Virulizin(R)'s", 'VIRULIZIN(TM)', 'Virulizin™']) expect(queryTerms(s), s).toEqual(['virulizin']);
    expect(indexTerms('Virulizin(R) is approved')).not.toContain('r');
  });

  it('finds hyphenated words joined, split and whole', () => {
    expect(queryTerms('anti-cancer')).toEqual(queryTerms('anticancer'));
    expect(indexTerms('an anti-cancer drug')).toEqual(expect.arrayContaining(['anticancer', 'anti', 'cancer']));
  });

  it('keeps siRNA, R2, G0-G1, interleukin-2 and Phase II/III findable', () => {
    expect(queryTerms('siRNA')).toEqual(['sirna']);
    expect(whole('the R2 component')).toContain('r2');
    expect(indexTerms('arrest in G0-G1 phase')).toEqual(expect.arrayContaining(['g0g1']));
    expect(indexTerms('with interleukin-2 therapy')).toEqual(expect.arrayContaining(['interleukin2']));
    expect(indexTerms('a Phase II/III trial')).toEqual(expect.arrayContaining(['phase', 'ii', 'iii']));
  });

  it('folds case and accents', () => {
    expect(foldTerm('Café')).toBe('cafe');
    expect(queryTerms('NAÏVE Zürich')).toEqual(queryTerms('naive zurich'));
  });

  it('matches plural and possessive forms to each other, the same at index and query time', () => {
    expect(queryTerms('trials')).toEqual(queryTerms('trial'));
    expect(queryTerms('analyses')).toEqual(queryTerms('analysis'));
    expect(queryTerms("company's")).toEqual(queryTerms('company'));
    expect(queryTerms('companies')).toEqual(queryTerms('company'));
    expect(indexTerms('two clinical trials')).toContain(queryTerms('trial')[0]);
  });

  it('does not join dates and small words into codes', () => {
    expect(whole('May 2004')).toEqual(['may', '2004']);
    expect(whole('and 30 companies')).not.toContain('and30');
  });

  it('takes an empty or symbol-only text without error', () => {
    expect(tokenize('')).toEqual([]);
    expect(queryTerms('*** --- ®®®')).toEqual([]);
  });
});

describe('words', () => {
  // what the scanner must match: the regular expression it replaces, run on the same cleaned text
  const byRegex = (text: string) => {
    const clean = text.replace(/(?:\((?:R|TM|SM)\)|[®™℠])(?:['’]s\b)?/giu, (m) => ' '.repeat(m.length));
    return [...clean.matchAll(WORD)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
  };

  it('finds exactly the words the WORD expression finds, on every seed release', () => {
    const { releases } = seedIndex();
    for (const r of releases) for (const text of [r.title, r.body]) expect(words(text)).toEqual(byRegex(text));
  });

  it('reads apostrophes, marks, accents, other scripts, astral letters and digits alike', () => {
    const texts = [
      "company's rock'n'roll rock'n5 abc' 'quoted' O’Neil’s ’tis",
      'Virulizin(R)’s Zürich café naïve ΑΒΓ δ Ⅻ ½ ² 東京 𝒜𝒷𝒸 𝟘𝟙 a\u0301b',
      'GTI-2040 NC\u00a0381 x\ud800y lone\udc00surrogate end',
      '', '   ', "'", '12,500.00 $3.5 Q4/2004',
    ];
    for (const t of texts) expect(words(t), t).toEqual(byRegex(t));
  });
});
