import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/search/parse-query.js';

describe('parseQuery', () => {
  it('reads words, codes, phrases, exclusions, OR and prefixes', () => {
    const q = parseQuery('GTI 2040 "renal cell" -gemcitabine antisense OR siRNA clotrim*');
    expect(q.groups).toEqual([
      [{ kind: 'word', text: 'GTI 2040', terms: ['gti2040'] }],
      [{ kind: 'phrase', text: 'renal cell', terms: ['renal', 'cell'] }],
      [
        { kind: 'word', text: 'antisense', terms: ['antisense'] },
        { kind: 'word', text: 'siRNA', terms: ['sirna'] },
      ],
      [{ kind: 'prefix', text: 'clotrim*', terms: ['clotrim'] }],
    ]);
    expect(q.excluded.map((x) => x.terms)).toEqual([['gemcitabine']]);
    expect(q.messages).toEqual([]);
  });

  it('reads the filters and validates their values', () => {
    const q = parseQuery('trial company:lorus ticker:LOR from:2004-01-01 to:2004-02-01 year:2004');
    expect(q.filters).toEqual({ company: ['lorus'], ticker: 'LOR', from: '2004-01-01', to: '2004-02-01', year: [2004] });
    expect(parseQuery('x year:20x4').messages.join(' ')).toMatch(/four-digit year/);
    expect(parseQuery('x from:2004-13-45').messages.join(' ')).toMatch(/YYYY-MM-DD/);
    expect(parseQuery('x from:2004-13-45').filters).toEqual({});
  });

  it.each([
    ['"unbalanced quote', /quote was not closed/],
    ['-', /lone "-"/],
    ['*', /lone "\*"/],
    ['OR', /"OR" needs a word/],
    ['company:', /needs a value/],
    ['%$#@!'.repeat(100), /no words/], // 500 characters of symbols
    ['c*', /at least 3 letters/],
  ])('repairs %j and says how', (input, message) => {
    const q = parseQuery(input);
    expect(q.messages.join(' ')).toMatch(message);
  });

  it('never throws, whatever it is given', () => {
    const junk = ['', ' ', '""', '"', '- - -', 'OR OR OR', 'a OR', 'OR a', '***', 'company:"', ':', 'year:', '(((', '\u0000\u0001', '🙂 GTI-2040', 'a'.repeat(500)];
    for (const q of junk) expect(() => parseQuery(q), JSON.stringify(q)).not.toThrow();
  });
});
