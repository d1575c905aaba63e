import { describe, expect, it } from 'vitest';
import { joinCodes } from '../../src/search/join-codes.js';
import { parseQuery } from '../../src/search/parse-query.js';

const indexed = new Set(['gti2040', 'nc381']);
const terms = (q: string) => joinCodes(parseQuery(q), (t) => indexed.has(t)).groups.map((g) => g.map((i) => `${i.kind}:${i.terms.join('+')}`).join('|'));

describe('joinCodes', () => {
  it('reads a code typed in lower case with a space as the code the index holds', () => {
    expect(terms('gti 2040 renal')).toEqual(['word:gti2040', 'word:renal']);
    expect(terms('"trial of nc 381 in"')).toEqual(['phrase:trial+of+nc381+in']);
    expect(terms('"nc 381"')).toEqual(['word:nc381']);
  });

  it('leaves words and numbers apart when no such code is indexed, and never joins across OR', () => {
    expect(terms('sales rose 5')).toEqual(['word:sale', 'word:rose', 'word:5']);
    expect(terms('"sales rose 5"')).toEqual(['phrase:sale+rose+5']);
    expect(terms('gti OR 2040')).toEqual(['word:gti|word:2040']);
  });
});
