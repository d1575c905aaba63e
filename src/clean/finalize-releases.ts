import { canonicalCompanies } from './canonical-companies.js';
import type { Draft } from './draft.js';
import { coded, FINALIZE_STATE_VERSION, intLists, type FinalizeState } from './finalize-state.js';
import { byFullest, clusterShingles, clustersById, groupDuplicates } from './merge-duplicates.js';
import { ParagraphCounts } from './paragraph-counts.js';
import type { Release, Source } from './release.js';

export interface FinalizeStats {
  removedByRule: number;
  removedByRecurrence: number;
  merged: number;
}

// A paragraph found nearly verbatim in this many releases of one issuer is its boilerplate.
export const RECURRENCE = 3;
const MIN_RECURRING_LENGTH = 60;

const FINGERPRINT_LENGTH = 400;

/** The issuer a release's recurrence is counted for ('' when unknown: never counted). */
export const issuerKey = (company: string): string => company.toLowerCase();

/** Two hash seeds for an issuer, so the same paragraph of two issuers has two fingerprints. */
function issuerSeeds(issuer: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < issuer.length; i++) {
    h1 = Math.imul(h1 ^ issuer.charCodeAt(i), 0x01000193);
    h2 = Math.imul(h2 ^ issuer.charCodeAt(i), 0x5bd1e995) ^ (h2 >>> 13);
  }
  return [h1, h2];
}

/**
 * A paragraph's fingerprint for one issuer, as a 53-bit number: its first 400 letters once
 * lower-cased, each run of digits read as `0` and everything else dropped, hashed twice as it is
 * scanned (no strings built; two paragraphs colliding is a chance of about 1 in 10^15).
 */
function fingerprint(seeds: readonly [number, number], paragraph: string): number {
  let h1 = seeds[0];
  let h2 = seeds[1];
  let kept = 0;
  let inDigits = false;
  for (let i = 0; i < paragraph.length && kept < FINGERPRINT_LENGTH; i++) {
    let c = paragraph.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    else if (c >= 128) c = paragraph[i]!.toLowerCase().charCodeAt(0);
    if (c >= 48 && c <= 57) {
      if (inDigits) continue;
      inDigits = true;
      c = 48;
    } else {
      inDigits = false;
      if (c < 97 || c > 122) continue;
    }
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 13);
    kept++;
  }
  return (h1 >>> 0) * 0x200000 + (h2 >>> 11);
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z]{3,}/g) ?? []);
}

/** Of a group's headlines, the one whose words the corpus knows best (a typo is a word nobody else uses). */
function bestTitle(group: readonly Draft[], vocabulary: ReadonlySet<string>): string {
  let best = group[0]!.title;
  let bestScore = -1;
  for (const d of group) {
    const w = [...words(d.title)];
    const score = w.length ? w.filter((x) => vocabulary.has(x)).length / w.length : 0;
    if (score > bestScore || (score === bestScore && d.title < best)) {
      best = d.title;
      bestScore = score;
    }
  }
  return best;
}

/** The words whose presence in the corpus decides between a group's differing headlines. */
export function titleWordsAsked(groups: readonly (readonly Draft[])[]): Set<string> {
  const asked = new Set<string>();
  for (const g of groups) if (g.some((d) => d.title !== g[0]!.title)) for (const d of g) for (const w of words(d.title)) asked.add(w);
  return asked;
}

const isLower = (c: number) => c >= 97 && c <= 122;

/** Whether the lower-cased text holds `word` as a whole run of letters a-z. */
function holdsWord(hay: string, word: string): boolean {
  for (let at = hay.indexOf(word); at >= 0; at = hay.indexOf(word, at + 1)) {
    if ((at === 0 || !isLower(hay.charCodeAt(at - 1))) && !isLower(hay.charCodeAt(at + word.length))) return true;
  }
  return false;
}

/**
 * Which of `asked` (runs of three or more letters a-z) some body uses as a word. Each body is
 * searched only for the words still unfound, and the search stops once all are found: splitting
 * every body into words took 11 s at 100k, and a headline's typo, which no body uses, now costs
 * one search of the text rather than that.
 */
export function wordsUsed(drafts: readonly Draft[], asked: ReadonlySet<string>): Set<string> {
  const used = new Set<string>();
  let unfound = [...asked];
  for (const d of drafts) {
    if (unfound.length === 0) break;
    const hay = d.body.toLowerCase();
    const left: string[] = [];
    for (const w of unfound) {
      if (holdsWord(hay, w)) used.add(w);
      else left.push(w);
    }
    unfound = left;
  }
  return used;
}

// localeCompare with options builds a collator at each call: sorting the 15,000 sources of one
// merged release took 6 s. The same orders, built once.
const FILE_ORDER = new Intl.Collator();
const PART_ORDER = new Intl.Collator('en', { numeric: true });

function bySource(a: Source, b: Source): number {
  return FILE_ORDER.compare(a.file, b.file) || PART_ORDER.compare(a.part, b.part);
}

/** One release of a group of copies: the fullest body, the best headline, every ticker and source. */
export function mergeGroup(group: readonly Draft[], vocabulary: ReadonlySet<string>): Draft {
  const rep = [...group].sort(byFullest)[0]!;
  const sources = new Map<string, Source>();
  for (const d of group) for (const s of d.sources) sources.set(`${s.file}\0${s.part}`, s);
  const id = group.map((d) => d.id).sort()[0]!;
  return {
    ...rep,
    id,
    title: bestTitle(group, vocabulary),
    tickers: [...new Set(group.flatMap((d) => d.tickers))].sort(),
    sources: [...sources.values()].sort(bySource),
  };
}

/** The codes in a headline (`GTI-2040`, `NC 381`): a paragraph naming them is about this release. */
function subjectCodes(title: string): string[] {
  return (title.match(/\b[A-Za-z]{1,6}[- ]?\d{1,6}\b/g) ?? []).map((c) => c.toLowerCase().replace(/[- ]/g, ''));
}

/** The fingerprints of a merged body's paragraphs (-1: too short, or no issuer, to count). */
export function paragraphKeys(issuer: string, paragraphs: readonly string[]): number[] {
  const seeds = issuer ? issuerSeeds(issuer) : undefined;
  return paragraphs.map((p) => (p.length < MIN_RECURRING_LENGTH || !seeds ? -1 : fingerprint(seeds, p)));
}

/**
 * A merged release once its issuer's recurring paragraphs are removed (undefined when none is
 * left), and which paragraphs went. `count` says how many releases hold a fingerprint.
 */
export function removeRecurring(
  r: Draft,
  paragraphs: readonly string[],
  keys: readonly number[],
  count: (key: number) => number,
): { release?: Release; recurAt: number[] } {
  const codes = subjectCodes(`${r.title} ${r.subtitle}`);
  const keep = new Set(r.keep);
  const removed = [...r.removed];
  const recurAt: number[] = [];
  const kept = paragraphs.filter((p, i) => {
    const key = keys[i]!;
    if (key < 0 || keep.has(i)) return true;
    if (count(key) < RECURRENCE) return true;
    const flat = p.toLowerCase().replace(/[- ]/g, '');
    if (codes.some((c) => flat.includes(c))) return true;
    removed.push({ kind: 'recurring', text: p });
    recurAt.push(i);
    return false;
  });
  if (kept.length === 0) return { recurAt };
  const { keep: _keep, ...release } = r;
  void _keep;
  // nothing removed: the body is the merged one, not a copy of it (a full build holds every body)
  return { release: { ...release, body: recurAt.length ? kept.join('\n\n') : r.body, removed }, recurAt };
}

/** ids are hex: code-unit order is their order, and far cheaper than localeCompare. */
export const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Corpus-level cleaning: merge copies of the same release (listing every source) and remove
 * paragraphs an issuer repeats across releases, unless they name the release's own subject.
 * With `keepState`, also what extendReleases needs to clean new filings against this corpus later
 * (undefined when two releases share an id: only a full run can count those right). With
 * `consume`, `drafts` is emptied and each release's drafts are let go of once it is made, so that a
 * full build does not hold every body twice (the drafts' and the releases' without their recurring
 * paragraphs); the releases are the same.
 */
export function finalizeReleases(drafts: Draft[], keepState = false, consume = false): { releases: Release[]; stats: FinalizeStats; state?: FinalizeState } {
  const groups = groupDuplicates(drafts);
  // The corpus vocabulary only matters where copies disagree on the headline: look up just the
  // words of those headlines, not every word of every body.
  const asked = titleWordsAsked(groups);
  const vocabulary = wordsUsed(drafts, asked);
  const draftCount = drafts.length;
  if (consume) drafts.length = 0;
  const merged: (Draft | undefined)[] = groups.map((g) => mergeGroup(g, vocabulary));
  const companies = canonicalCompanies(merged as Draft[]);
  merged.forEach((r, i) => {
    r!.company = companies[i]!;
  });
  // count each paragraph once per release, per issuer, up to RECURRENCE (holders kept while below)
  const idNumbers = new Map<string, number>();
  const seen = new Map<number, number[]>();
  const paragraphsOf: (string[] | undefined)[] = merged.map((r) => r!.body.split('\n\n'));
  const keysOf: (number[] | undefined)[] = merged.map((r, i) => {
    if (!idNumbers.has(r!.id)) idNumbers.set(r!.id, idNumbers.size);
    const idNumber = idNumbers.get(r!.id)!;
    const keys = paragraphKeys(issuerKey(r!.company), paragraphsOf[i]!);
    for (const key of keys) {
      if (key < 0) continue;
      const ids = seen.get(key);
      if (!ids) seen.set(key, [idNumber]);
      else if (ids.length < RECURRENCE && !ids.includes(idNumber)) ids.push(idNumber);
    }
    return keys;
  });
  const count = (key: number) => seen.get(key)?.length ?? 0;
  const stateKept = keepState && idNumbers.size === merged.length;
  let removedByRecurrence = 0;
  let removedByRule = 0;
  const releases: Release[] = [];
  const recurAt: number[][] = [];
  const dropped: number[] = [];
  // what the state keeps of each merged release, taken before it is let go of
  const kept = { ids: [] as string[], dates: [] as string[], issuers: [] as string[], keep: [] as number[][] };
  const clusters: FinalizeState['clusters'] = [];
  for (let i = 0; i < merged.length; i++) {
    const r = merged[i]!;
    removedByRule += r.removed.length;
    const out = removeRecurring(r, paragraphsOf[i]!, keysOf[i]!, count);
    recurAt.push(out.recurAt);
    removedByRecurrence += out.recurAt.length;
    if (out.release) releases.push(out.release);
    else dropped.push(i);
    if (stateKept) {
      kept.ids.push(r.id);
      kept.dates.push(r.date);
      kept.issuers.push(issuerKey(r.company));
      kept.keep.push(r.keep);
      const byId = clustersById(groups[i]!);
      if (byId.length > 1 || !out.release) clusters.push({ release: i, ids: byId.map((c) => c[0]!.id), shingles: byId.map(clusterShingles) });
    }
    if (consume) {
      merged[i] = paragraphsOf[i] = keysOf[i] = undefined;
      groups[i] = [];
    }
  }
  releases.sort(byId);
  const stats = { removedByRule, removedByRecurrence, merged: draftCount - groups.length };
  if (!stateKept) return { releases, stats };
  const counts = ParagraphCounts.fromMap(RECURRENCE, seen).toArrays();
  return {
    releases,
    stats,
    state: {
      version: FINALIZE_STATE_VERSION,
      ids: kept.ids.join('\n'),
      dates: coded(kept.dates),
      issuers: coded(kept.issuers),
      keep: intLists(kept.keep),
      recurAt: intLists(recurAt),
      dropped,
      clusters,
      unusedTitleWords: [...asked].filter((w) => !vocabulary.has(w)).sort(),
      ...counts,
    },
  };
}
