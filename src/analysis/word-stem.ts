import porter2 from 'wink-porter2-stemmer';

/**
 * The second form of a word: its Porter2 stem, indexed beside the word itself (as Lucene's
 * KeywordRepeat does), so `repurchased` finds `repurchase`, `quarterly` finds `quarter` and
 * `curtailed` finds `curtailment`, while the word as written still counts most. A stem is marked
 * with STEM_MARK, which no word contains, so it never meets a word of the same spelling
 * (`organ` the stem of `organization` is not the word `organ`) and never shows as a suggestion.
 */
export const STEM_MARK = '~';

// Words of letters only, long enough to carry a suffix; codes, numbers and short words stay whole.
const STEMMABLE = /^[a-z]{4,}$/;
// What a word may lose to its stem: inflections, `-ly` and `-ment` (`repurchased`, `quarterly`,
// `curtailment`). Porter2 also strips derivations that change the meaning (`sustainability` →
// `sustain`, `organization` → `organ`, `officer` → `office`): such a word keeps no stem.
const INFLECTION = /^(?:e|es|s|ies|ied|y|ed|d|ing|ings|ly|ily|ally|ment|ments|ement|ements)$/;
// A stem shorter than this joins unrelated words (`news` → `new`).
const MIN_STEM = 4;

/** Whether the stem only takes an inflection off the word (its own last letter may differ: `polici`). */
function inflectional(term: string, stem: string): boolean {
  let common = 0;
  while (common < stem.length && term[common] === stem[common]) common++;
  if (stem.length - common > 1) return false;
  let tail = term.slice(common);
  // a doubled consonant before the ending (`planned` → `plan`)
  if (tail.length > 1 && tail[0] === term[common - 1]) tail = tail.slice(1);
  return INFLECTION.test(tail);
}
const cache = new Map<string, string | undefined>();
const CACHE_MAX = 200_000;

/**
 * The stem that stands for a word's family: Porter2's where it only takes an inflection off,
 * the word itself where Porter2 leaves it whole (`quarter`, `report`); undefined for a word that
 * belongs to no family (a code, a short word, one Porter2 would cut to another meaning).
 */
function familyKey(term: string): string | undefined {
  if (!STEMMABLE.test(term)) return undefined;
  const s = porter2(term);
  if (s === term) return term;
  return s.length >= MIN_STEM && inflectional(term, s) ? s : undefined;
}

/** The marked stem an analysed term is indexed with beside itself, or undefined when it has none apart from the term. */
export function wordStem(term: string): string | undefined {
  if (cache.has(term)) return cache.get(term);
  const key = familyKey(term);
  const out = key !== undefined && key !== term ? STEM_MARK + key : undefined;
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(term, out);
  return out;
}

/**
 * What a query word is also searched as, to find the other forms of its family: the family's
 * marked stem (which `reported` and `reporting` are indexed with), and the stem as a word where
 * it is one (`quarter` for `quarterly`: a word that is its own stem is indexed as itself alone).
 */
export function familyTerms(term: string): string[] {
  const key = familyKey(term);
  if (key === undefined) return [];
  const out = [STEM_MARK + key];
  if (key !== term && familyKey(key) === key) out.push(key);
  return out;
}

export const isStem = (term: string): boolean => term.startsWith(STEM_MARK);

/**
 * A field's terms with each word's stem after it: every occurrence adds its stem, so a stem's
 * count in a field is its whole family's (what BM25 reads).
 */
export function withStems(terms: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of terms) {
    out.push(t);
    const s = wordStem(t);
    if (s) out.push(s);
  }
  return out;
}

/**
 * The terms to mark in a text, where some are stems: a word is marked when its term is in the set
 * or its stem is (`repurchase` and `repurchased` for the query's `repurchased`). A Set, so every
 * reader of a highlight works on it unchanged.
 */
export class MarkedTerms extends Set<string> {
  private readonly stems: boolean;

  constructor(terms: Iterable<string>) {
    super(terms);
    this.stems = [...this].some(isStem);
  }

  override has(term: string): boolean {
    if (super.has(term)) return true;
    if (!this.stems) return false;
    const s = wordStem(term);
    return s !== undefined && super.has(s);
  }
}
