/**
 * When a correction may replace what was typed. A word that matches nothing is either a
 * misspelling or a word the corpus does not hold (a company or drug it has never seen); replacing
 * the second kind with an everyday word one letter away answers hundreds of unrelated releases.
 * So a correction replaces the word only when it is very likely the word meant; otherwise the
 * search answers nothing and offers it ("did you mean").
 */

/** Levenshtein distance (the fuzzy lookup's measure), for short words. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

// A name is rare: a capitalised word is replaced only by a word this few releases hold.
const NAME_RELEASES = 3;
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
  // one edit, or two in a long word
  if (editDistance(term, fix) > (term.length >= 9 ? 2 : 1)) return false;
  // a word that extends an indexed one is another word (`Moderna` / `modern`, `Ionis` / `ion`)
  if (term.startsWith(fix)) return false;
  const first = c.typed.charAt(0);
  const looksLikeName = first !== first.toLowerCase();
  if (looksLikeName) return c.releases <= NAME_RELEASES;
  return c.releases <= Math.max(COMMON_MIN, COMMON_SHARE * corpusReleases);
}
