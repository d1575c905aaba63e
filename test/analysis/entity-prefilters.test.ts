import { describe, expect, it } from 'vitest';
import { codeStarts } from '../../src/analysis/entity-codes.js';
import { findTrials, mayNameTrial } from '../../src/analysis/entity-trials.js';

// What codeStarts stands for: every match of this expression, as a global search finds them.
const CODE_START = /\p{L}[-‐‑]?\d|[A-Z][ \u00a0]\d|\d[-‐‑][A-Z]{2}/gu;
const reference = (text: string) => [...text.matchAll(CODE_START)].flatMap((m) => [m.index, m[0].length]);

// Characters around which the expression's alternatives meet: letters (accented, capitals, beyond
// 16 bits), digits, the three hyphens, spaces.
const ALPHABET = ['A', 'Z', 'a', 'x', 'é', 'Ж', '𝐀', '\u{1F600}', '0', '5', '9', '-', '‐', '‑', ' ', '\u00a0', '.', '(', '\n'];

function* texts(seed: number, count: number): Generator<string> {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < count; i++) {
    const length = next() % 24;
    let t = '';
    for (let j = 0; j < length; j++) t += ALPHABET[next() % ALPHABET.length];
    yield t;
  }
}

describe('codeStarts', () => {
  it('gives the matches a global search of the expression gives, on real spellings', () => {
    for (const t of ['GTI-2040 and NC 381 with 1-DC15', 'ABT-199, MK-3475 and BNT162b2', 'Form 8-K dated 2004', 'X26P X2 and TASER 7', 'A1-BC 12-AB 9-ZZ', 'é5 Ж-7 𝐀1']) {
      expect(codeStarts(t)).toEqual(reference(t));
    }
  });

  it('gives the same matches on 20,000 strings of the characters where its alternatives meet', () => {
    for (const t of texts(17, 20_000)) expect(codeStarts(t), JSON.stringify(t)).toEqual(reference(t));
  });
});

describe('mayNameTrial', () => {
  const ids = ['NCT05512345', 'nct 05512345', 'Nct\u00a005512345', 'ISRCTN12345678', 'isrctn 12345', 'EudraCT 2020-001234-56', '(EudraCT number: 2004-000123-45)'];
  it('is true wherever findTrials finds an id, whatever the case and spacing', () => {
    for (const id of ids) {
      const text = `The study (${id}) enrolled 120 patients.`;
      expect(findTrials(text).length, text).toBeGreaterThan(0);
      expect(mayNameTrial(text), text).toBe(true);
    }
  });

  it('is false for texts whose digit runs stand after nothing an id starts with', () => {
    for (const text of ['Call 1-800-555-0199 or write to 94105.', 'Revenue was $12,345,678 in fiscal 2004.', 'NCT is named, no number.', 'No digits at all.']) {
      expect(mayNameTrial(text), text).toBe(false);
      expect(findTrials(text)).toEqual([]);
    }
  });

  it('never misses an id findTrials finds in random texts of id parts', () => {
    const parts = ['NCT', 'nct', 'ISRCTN', 'Isrctn', 'EudraCT ', ' ', '\u00a0', '-', '0', '1', '2', '9', '20', '2004', '123456', '12345678', 'x', '('];
    let x = 5;
    const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
    let named = 0;
    for (let i = 0; i < 20_000; i++) {
      let t = '';
      for (let j = next() % 12; j > 0; j--) t += parts[next() % parts.length];
      if (!findTrials(t).length) continue;
      named++;
      expect(mayNameTrial(t), JSON.stringify(t)).toBe(true);
    }
    expect(named).toBeGreaterThan(100);
  });
});
