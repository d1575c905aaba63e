/**
 * When a correction may replace what was typed. A word that matches nothing is either a
 * misspelling or a word the corpus does not hold (a company or drug it has never seen); replacing
 * the second kind with an everyday word one letter away answers hundreds of unrelated releases.
 * So a correction replaces the word only when it is very likely the word meant; otherwise the
 * search answers nothing and offers it ("did you mean").
 */

import { editDistance } from '../analysis/edit-distance.js';

export { editDistance };

// An everyday word: held by more than this share of releases (or this many, in a small corpus).
const COMMON_SHARE = 0.02;
const COMMON_MIN = 10;

export interface Correction {
  /** The word as typed (its case tells a name). */
  typed: string;
  /** The analysed term that matched nothing. */
  term: string;
  /** The indexed word proposed, and how many releases hold it. */
  fix: string;
  releases: number;
}

/** Whether a correction is sure enough to answer the corrected query instead of the typed one. */
export function isSureCorrection(c: Correction, corpusReleases: number): boolean {
  const { term, fix } = c;
  // misspellings keep the first letter (`gemcitibine`), other words do not (`Lilly` / `tilly`)
  if (term[0] !== fix[0]) return false;
  // one edit (two letters swapped count as one: `Veivu` / `VieVu`), or two in a long word
  if (!isTransposition(term, fix) && editDistance(term, fix) > (term.length >= 9 ? 2 : 1)) return false;
  // a word that extends an indexed one is another word (`Moderna` / `modern`, `Ionis` / `ion`)
  if (term.startsWith(fix)) return false;
  // an everyday word is not what a name or a rare word was meant to be (`Incyte` / `income`)
  return c.releases <= Math.max(COMMON_MIN, COMMON_SHARE * corpusReleases);
}

/** Whether two words differ by two neighbouring letters swapped. */
export function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

/** The words one swap of neighbouring letters away (the edit fuzzy lookups count as two). */
export function transpositions(term: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < term.length - 1; i++) if (term[i] !== term[i + 1]) out.push(term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2));
  return out;
}
