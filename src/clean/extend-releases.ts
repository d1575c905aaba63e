import { canonicalCompanies } from './canonical-companies.js';
import type { Draft } from './draft.js';
import { coded, codedAt, intLists, listAt, type FinalizeState } from './finalize-state.js';
import {
  RECURRENCE, issuerKey, mergeGroup, paragraphKeys, removeRecurring, titleWordsAsked, wordsUsed, type FinalizeStats,
} from './finalize-releases.js';
import { MAX_PAIRWISE, clusterShingles, clustersById, groupClusters, shingles, similar } from './merge-duplicates.js';
import { ParagraphCounts } from './paragraph-counts.js';
import type { Release } from './release.js';
import { append } from './append.js';

/** What adding new filings' drafts to a finalized corpus changes. */
export interface Extension {
  /** New releases, and indexed ones whose body lost a paragraph that now recurs. */
  releases: Release[];
  /** Indexed releases left with no paragraph (every one now recurs). */
  removed: string[];
  state: FinalizeState;
  stats: FinalizeStats;
}

/** Why the new drafts need the whole corpus cleaned again. */
export interface NeedsFullRun {
  fullRun: string;
}

/**
 * The paragraphs of an indexed release before recurrence removed any: its body with the removed
 * ones put back where they stood. Undefined when the record does not match the state.
 */
export function mergedParagraphs(release: Release, recurAt: readonly number[]): string[] | undefined {
  const kept = release.body.split('\n\n');
  const gone = release.removed.slice(release.removed.length - recurAt.length);
  if (gone.length !== recurAt.length || gone.some((g) => g.kind !== 'recurring')) return undefined;
  const out: string[] = [];
  let k = 0;
  let g = 0;
  for (let i = 0; i < kept.length + gone.length; i++) out.push(recurAt[g] === i ? gone[g++]!.text : kept[k++]!);
  return g === gone.length && k === kept.length ? out : undefined;
}

/**
 * Clean the drafts of new filings against an already finalized corpus, exactly as finalizeReleases
 * over all drafts would, reading only the indexed releases it must compare or clean again
 * (`stored`). When the new drafts reach into the corpus further than the state can follow (a copy
 * of an indexed release, a headline the corpus vocabulary decides), it says so and changes nothing.
 */
export function extendReleases(
  state: FinalizeState,
  drafts: readonly Draft[],
  stored: (id: string) => Release | undefined,
): Extension | NeedsFullRun {
  const stats: FinalizeStats = { removedByRule: 0, removedByRecurrence: 0, merged: 0 };
  if (drafts.length === 0) return { releases: [], removed: [], state, stats };
  if (wordsUsed(drafts, new Set(state.unusedTitleWords)).size > 0) return { fullRun: 'a new filing uses a word that decides the headline of an indexed release' };

  const ids = state.ids === '' ? [] : state.ids.split('\n');
  const n = state.dates.of.length;
  if (ids.length !== n) return { fullRun: 'the saved cleaning state is inconsistent' };
  // releases by date, for the dates of the new drafts only
  const dates = new Set(drafts.map((d) => d.date));
  const onDate = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const d = codedAt(state.dates, i);
    if (!dates.has(d)) continue;
    const list = onDate.get(d);
    if (list) list.push(i);
    else onDate.set(d, [i]);
  }
  const clustersOf = new Map(state.clusters.map((c) => [c.release, c]));
  // indexed releases read back, with their paragraphs before recurrence (each read once)
  const readBack = new Map<number, { release: Release; paragraphs: string[] } | undefined>();
  const indexed = (r: number) => {
    if (!readBack.has(r)) {
      const release = stored(ids[r]!);
      const paragraphs = release && mergedParagraphs(release, listAt(state.recurAt, r));
      readBack.set(r, release && paragraphs ? { release, paragraphs } : undefined);
    }
    return readBack.get(r);
  };

  // 1. Copies: new drafts group among themselves, and must not be copies of an indexed release.
  const newByDate = new Map<string, Draft[]>();
  for (const d of drafts) {
    const list = newByDate.get(d.date);
    if (list) list.push(d);
    else newByDate.set(d.date, [d]);
  }
  const groups: Draft[][] = [];
  for (const [date, list] of newByDate) {
    const idsOnDate = new Set<string>();
    const sets: Int32Array[] = [];
    const fresh = clustersById(list);
    // past the bound, releases are grouped by leaders in an order over the whole date (see
    // groupByLeaders), which adding to a saved grouping cannot reproduce (each indexed release
    // gives one set or more: this is known before reading any back)
    const tooMany = `${date} has more releases than are compared pairwise`;
    if ((onDate.get(date)?.length ?? 0) + fresh.length > MAX_PAIRWISE) return { fullRun: tooMany };
    for (const r of onDate.get(date) ?? []) {
      const c = clustersOf.get(r);
      if (c) {
        c.ids.forEach((id) => idsOnDate.add(id));
        append(sets, c.shingles);
        continue;
      }
      idsOnDate.add(ids[r]!);
      const p = indexed(r)?.paragraphs;
      if (!p) return { fullRun: `indexed release ${ids[r]} cannot be read back as cleaned` };
      sets.push(shingles(p.join('\n\n')));
    }
    if (fresh.some((c) => idsOnDate.has(c[0]!.id))) return { fullRun: 'a new release has the id of one already indexed' };
    if (sets.length + fresh.length > MAX_PAIRWISE) return { fullRun: tooMany };
    const freshSets = fresh.map(clusterShingles);
    if (freshSets.some((a) => sets.some((b) => similar(a, b)))) return { fullRun: 'a new release is a copy of one already indexed' };
    append(groups, groupClusters(fresh, freshSets));
  }

  // 2. Merge and name: headlines that differ are decided by the corpus vocabulary, which only a
  // full run has (unless every word asked is in the new bodies).
  const asked = titleWordsAsked(groups);
  const vocabulary = wordsUsed(drafts, asked);
  if (vocabulary.size < asked.size) return { fullRun: 'copies of a new release differ in their headline' };
  const merged = groups.map((g) => mergeGroup(g, vocabulary));
  canonicalCompanies(merged).forEach((c, i) => (merged[i]!.company = c));
  const known = new Set(ids);
  for (const r of merged) {
    if (known.has(r.id)) return { fullRun: `release id ${r.id} is already indexed` };
    known.add(r.id);
  }
  stats.merged = drafts.length - groups.length;

  // 3. Recurrence: count the new paragraphs; where one reaches the bound, the indexed releases
  // that held it are cleaned again.
  const counts = new ParagraphCounts(RECURRENCE, state.fps, state.counts, state.holders);
  const first = n;
  const again = new Set<number>();
  const newParagraphs = merged.map((r) => r.body.split('\n\n'));
  const newKeys = merged.map((r, k) => paragraphKeys(issuerKey(r.company), newParagraphs[k]!));
  newKeys.forEach((keys, k) => {
    for (const key of keys) if (key >= 0) for (const h of counts.add(key, first + k)) if (h < first) again.add(h);
  });
  const count = (key: number) => counts.count(key);
  const added = { ids: [] as string[], dates: [] as string[], issuers: [] as string[], keep: [] as number[][], recurAt: [] as number[][] };
  const recurAgain = new Map<number, number[]>();
  const dropped = [...state.dropped];
  const clusters = [...state.clusters];
  const releases: Release[] = [];
  const removed: string[] = [];
  merged.forEach((r, k) => {
    const out = removeRecurring(r, newParagraphs[k]!, newKeys[k]!, count);
    stats.removedByRule += r.removed.length;
    stats.removedByRecurrence += out.recurAt.length;
    added.ids.push(r.id);
    added.dates.push(r.date);
    added.issuers.push(issuerKey(r.company));
    added.keep.push(r.keep);
    added.recurAt.push(out.recurAt);
    const byId = clustersById(groups[k]!);
    if (out.release) releases.push(out.release);
    else dropped.push(first + k);
    if (byId.length > 1 || !out.release) clusters.push({ release: first + k, ids: byId.map((c) => c[0]!.id), shingles: byId.map(clusterShingles) });
  });
  const wasDropped = new Set(state.dropped);
  for (const h of [...again].sort((a, b) => a - b)) {
    if (wasDropped.has(h)) continue;
    const back = indexed(h);
    if (!back) return { fullRun: `indexed release ${ids[h]} cannot be read back as cleaned` };
    const { release: rel, paragraphs } = back;
    const recurAt = listAt(state.recurAt, h);
    const draft: Draft = { ...rel, body: paragraphs.join('\n\n'), removed: rel.removed.slice(0, rel.removed.length - recurAt.length), keep: listAt(state.keep, h) };
    const out = removeRecurring(draft, paragraphs, paragraphKeys(codedAt(state.issuers, h), paragraphs), count);
    if (out.recurAt.join() === recurAt.join()) continue;
    stats.removedByRecurrence += out.recurAt.length - recurAt.length;
    recurAgain.set(h, out.recurAt);
    if (out.release) {
      releases.push(out.release);
      continue;
    }
    removed.push(rel.id);
    dropped.push(h);
    if (!clustersOf.has(h)) clusters.push({ release: h, ids: [rel.id], shingles: [shingles(draft.body)] });
  }
  const next: FinalizeState = {
    ...state,
    ids: [state.ids, ...added.ids].filter((x) => x !== '').join('\n'),
    dates: coded(added.dates, state.dates),
    issuers: coded(added.issuers, state.issuers),
    keep: intLists(added.keep, state.keep),
    recurAt: intLists(added.recurAt, state.recurAt, recurAgain),
    dropped,
    clusters,
  };
  Object.assign(next, counts.toArrays());
  return { releases, removed, state: next, stats };
}
