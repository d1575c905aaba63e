import { canonicalCompanies } from './canonical-companies.js';
import type { Draft } from './draft.js';
import { groupDuplicates } from './merge-duplicates.js';
import type { Release, Source } from './release.js';

export interface FinalizeStats {
  removedByRule: number;
  removedByRecurrence: number;
  merged: number;
}

// A paragraph found nearly verbatim in this many releases of one issuer is its boilerplate.
const RECURRENCE = 3;
const MIN_RECURRING_LENGTH = 60;

const FINGERPRINT_LENGTH = 400;

/**
 * A paragraph's fingerprint for one issuer, as a 53-bit number: its first 400 letters once
 * lower-cased, each run of digits read as `0` and everything else dropped, hashed twice as it is
 * scanned (no strings built; two paragraphs colliding is a chance of about 1 in 10^15).
 */
function fingerprint(issuer: number, paragraph: string): number {
  let h1 = Math.imul(0x811c9dc5 ^ issuer, 0x01000193);
  let h2 = Math.imul(0x9747b28c ^ issuer, 0x5bd1e995);
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

function bySource(a: Source, b: Source): number {
  return a.file.localeCompare(b.file) || a.part.localeCompare(b.part, 'en', { numeric: true });
}

function merge(group: Draft[], vocabulary: ReadonlySet<string>): Draft {
  // the fullest copy is the representative; ties broken by id so the choice is order-independent
  const sorted = [...group].sort((a, b) => b.body.length - a.body.length || a.id.localeCompare(b.id));
  const rep = sorted[0]!;
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

/**
 * Corpus-level cleaning: merge copies of the same release (listing every source) and remove
 * paragraphs an issuer repeats across releases, unless they name the release's own subject.
 */
export function finalizeReleases(drafts: Draft[]): { releases: Release[]; stats: FinalizeStats } {
  const groups = groupDuplicates(drafts);
  // The corpus vocabulary only matters where copies disagree on the headline: look up just the
  // words of those headlines, not every word of every body.
  const asked = new Set<string>();
  for (const g of groups) if (new Set(g.map((d) => d.title)).size > 1) for (const d of g) for (const w of words(d.title)) asked.add(w);
  const vocabulary = new Set<string>();
  if (asked.size) for (const d of drafts) for (const w of d.body.toLowerCase().match(/[a-z]{3,}/g) ?? []) if (asked.has(w)) vocabulary.add(w);
  const merged = groups.map((g) => merge(g, vocabulary));
  const companies = canonicalCompanies(merged);
  merged.forEach((r, i) => {
    r.company = companies[i]!;
  });
  // count each paragraph once per release, per issuer, up to RECURRENCE (keys kept for the pass
  // that removes; -1: not counted)
  const issuers = new Map<string, number>();
  const idNumbers = new Map<string, number>();
  const seen = new Map<number, number[]>();
  const keysOf = merged.map((r) => {
    const issuer = r.company.toLowerCase();
    if (issuer && !issuers.has(issuer)) issuers.set(issuer, issuers.size + 1);
    if (!idNumbers.has(r.id)) idNumbers.set(r.id, idNumbers.size);
    const idNumber = idNumbers.get(r.id)!;
    return r.body.split('\n\n').map((p) => {
      if (p.length < MIN_RECURRING_LENGTH || !issuer) return -1;
      const key = fingerprint(issuers.get(issuer)!, p);
      const ids = seen.get(key);
      if (!ids) seen.set(key, [idNumber]);
      else if (ids.length < RECURRENCE && !ids.includes(idNumber)) ids.push(idNumber);
      return key;
    });
  });
  let removedByRecurrence = 0;
  let removedByRule = 0;
  const releases: Release[] = [];
  merged.forEach((r, ri) => {
    const keys = keysOf[ri]!;
    const codes = subjectCodes(`${r.title} ${r.subtitle}`);
    const keep = new Set(r.keep);
    const removed = [...r.removed];
    removedByRule += removed.length;
    const paragraphs = r.body.split('\n\n').filter((p, i) => {
      const key = keys[i]!;
      if (key < 0 || keep.has(i)) return true;
      if ((seen.get(key)?.length ?? 0) < RECURRENCE) return true;
      const flat = p.toLowerCase().replace(/[- ]/g, '');
      if (codes.some((c) => flat.includes(c))) return true;
      removed.push({ kind: 'recurring', text: p });
      removedByRecurrence++;
      return false;
    });
    if (paragraphs.length === 0) return;
    const { keep: _keep, ...release } = r;
    void _keep;
    releases.push({ ...release, body: paragraphs.join('\n\n'), removed });
  });
  // ids are hex: code-unit order is their order, and far cheaper than localeCompare
  releases.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { releases, stats: { removedByRule, removedByRecurrence, merged: drafts.length - groups.length } };
}
