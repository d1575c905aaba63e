import { foldTerm } from './terms.js';

/** A name marked as a trademark (`Virulizin®`, `TASER(R)`, `Axon Body 3™`), and where it stands. */
export interface BrandMention {
  name: string;
  key: string;
  start: number;
  /** End of the mark. */
  end: number;
}

const MARK = /(?:®|™|\((?:R|TM|tm)\))/g;
// Words of a name: a capital or a digit first (`Axon Body 3`, `TASER X26`, `Virulizin`).
const NAME_WORD = /^[\p{Lu}\p{N}][\p{L}\p{N}'’.+&-]*$/u;
// Words that start a sentence or a phrase, not a name.
const LEAD_WORDS = new Set(['the', 'a', 'an', 'our', 'its', 'their', 'his', 'her', 'new', 'with', 'using', 'and', 'or', 'of', 'for', 'by', 'in', 'on', 'to', 'both', 'all', 'each', 'this', 'these', 'that', 'about', 'results', 'from', 'at', 'as', 'is']);
// Standards and rules marked `(R)` for a revision (`SFAS No. 123(R)`), not brands.
const NOT_BRAND = /^(?:SFAS|FAS|ASC|IAS|IFRS|FIN|No\.?|APB|SAB)\b/i;
const MAX_NAME_WORDS = 3;

/** Names marked as trademarks in a text, each with its mark's position. */
export function findBrands(text: string): BrandMention[] {
  const out: BrandMention[] = [];
  for (const m of text.matchAll(MARK)) {
    let before = text.slice(Math.max(0, m.index - 80), m.index);
    if (/\s$/.test(before) && m[0].startsWith('(')) continue; // `(R)` after a space: a list label, not a mark
    // `TASER ®`: a mark written apart
    if (/\S $/.test(before)) before = before.slice(0, -1);
    const parts = before.split(/(\s+)/);
    const words: string[] = [];
    let opened = false;
    for (let i = parts.length - 1; i >= 0 && words.length < MAX_NAME_WORDS; i -= 2) {
      let w = parts[i]!;
      // a name opening a parenthesis or quote (`(Cisco IOS(TM))`) starts there
      const opens = /^[("“'‘\[]/.test(w);
      if (opens) w = w.replace(/^[("“'‘\[]+/, '');
      // a mark written as a word (`AXON TM Flex™`) is not part of the name
      if (w === 'TM' && words.length) continue;
      // stop at a word that starts a phrase, a possessive (`Company's`) or a figure (`1,750 TASER`)
      if (!NAME_WORD.test(w) || LEAD_WORDS.has(w.toLowerCase()) || /['’]s$/.test(w) || /^[\d,.-]+$/.test(w) || /^\d+-\p{Ll}/u.test(w)) break;
      words.unshift(w);
      opened = opens;
      if (opens || (i > 0 && parts[i - 1] !== ' ')) break;
    }
    // only the word at the mark when the words before it are a sentence's capitals (`Agency
    // Orders TASER®`), unless a parenthesis or quote opens the name (`(Cisco IOS(TM))`)
    if (!opened && words.length > 1 && words.slice(0, -1).some((w) => /^[\p{Lu}][\p{Ll}]+$/u.test(w)) && /^[\p{Lu}]+$/u.test(words[words.length - 1]!)) words.splice(0, words.length - 1);
    const name = words.join(' ').replace(/[.,;:'’]+$/, '');
    if (name.length < 2 || !/\p{L}/u.test(name) || NOT_BRAND.test(name)) continue;
    out.push({ name, key: brandKey(name), start: Math.max(0, m.index - name.length), end: m.index + m[0].length });
  }
  return out;
}

/** How brands are compared: folded, letters and digits only (`TASER CAM` = `Taser Cam`). */
export function brandKey(name: string): string {
  return foldTerm(name).replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Whether the text between a brand and a code says the one is the other: `Virulizin® (GTI-2040)`,
 * `GTI-2040 (Virulizin®)`, `Virulizin®, also known as GTI-2040`, `GTI-2040, now called Virulizin®`.
 */
export function namesSame(between: string): boolean {
  return /^\s*(?:\(\s*|,?\s*(?:also known as|formerly(?: known as)?|previously(?: known as)?|now called|known as|or|marketed as|to be marketed as|brand name|trade name)\s*\(?\s*)$/i.test(between);
}
