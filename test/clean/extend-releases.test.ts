import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Draft } from '../../src/clean/draft.js';
import { extendReleases, mergedParagraphs, type Extension } from '../../src/clean/extend-releases.js';
import { finalizeReleases } from '../../src/clean/finalize-releases.js';
import { FINALIZE_STATE_VERSION, listAt } from '../../src/clean/finalize-state.js';
import { ingestFile } from '../../src/clean/ingest-file.js';
import type { Release } from '../../src/clean/release.js';
import { INGEST, filesUnder } from '../support/ingest-fixtures.js';

// TASER releases exported from its website: three of 2013 and two of 2009 filed earlier, two more of
// 2009 later. The 2009 ones close with the same disclaimer paragraph, so the later pair makes it
// recur (three or more) in the earlier pair too.
const RECURRING = join(INGEST, 'recurring');

function draftsOf(path: string, root: string): Draft[] {
  return ingestFile(relative(root, path).split(sep).join('/'), readFileSync(path)).drafts;
}

/** Finalize `before`, extend it with `added`; undefined when a full run is needed. */
function extended(before: Draft[], added: Draft[]): { releases: Release[]; ext: Extension } | { fullRun: string } {
  const old = finalizeReleases(before, true);
  // the state knows every release it finalized (and those recurrence dropped, which no store holds)
  expect(old.state?.version).toBe(FINALIZE_STATE_VERSION);
  const known = old.state!.ids.split('\n');
  expect(known.filter((_, i) => !old.state!.dropped.includes(i)).sort()).toEqual(old.releases.map((r) => r.id).sort());
  const byId = new Map(old.releases.map((r) => [r.id, r]));
  const ext = extendReleases(old.state!, added, (id) => byId.get(id));
  if ('fullRun' in ext) return ext;
  for (const id of ext.removed) byId.delete(id);
  for (const r of ext.releases) byId.set(r.id, r);
  return { releases: [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1)), ext };
}

describe('extendReleases', () => {
  it('cleans each fixture filing against the others exactly as finalizing them all does, or says why it cannot', () => {
    const files = filesUnder(INGEST).filter((f) => !f.endsWith('.golden.json'));
    const drafts = new Map(files.map((f) => [f, draftsOf(f, INGEST)]));
    const all = finalizeReleases(files.flatMap((f) => drafts.get(f)!)).releases;
    const reasons: string[] = [];
    let agreed = 0;
    for (const f of files) {
      const out = extended(files.filter((g) => g !== f).flatMap((g) => drafts.get(g)!), drafts.get(f)!);
      if ('fullRun' in out) {
        reasons.push(out.fullRun);
        continue;
      }
      expect(out.releases, f).toEqual(all);
      agreed++;
    }
    expect(agreed).toBeGreaterThanOrEqual(files.length - 3);
    // the seed filings repeat each other's releases: only a full run can merge them
    for (const r of reasons) expect(r).toMatch(/already indexed/);
  });

  it('cleans indexed releases again when a new filing makes their paragraph recur', () => {
    const earlier = draftsOf(join(RECURRING, 'earlier.csv'), RECURRING);
    const later = draftsOf(join(RECURRING, 'later.csv'), RECURRING);
    const all = finalizeReleases([...earlier, ...later]);
    // the paragraphs both filings repeat, removed from the releases that hold them
    const recurring = all.releases.flatMap((r) => r.removed.filter((x) => x.kind === 'recurring'));
    expect(all.stats.removedByRecurrence).toBe(4);
    expect(recurring).toHaveLength(all.stats.removedByRecurrence);
    const out = extended(earlier, later);
    if ('fullRun' in out) throw new Error(out.fullRun);
    expect(out.releases).toEqual(all.releases);
    const before = new Set(finalizeReleases(earlier).releases.map((r) => r.id));
    const again = out.ext.releases.filter((r) => before.has(r.id));
    expect(again.length).toBeGreaterThanOrEqual(2);
    for (const r of again) expect(r.removed.some((x) => x.kind === 'recurring')).toBe(true);
    // the state after extending extends again the same way
    const third = extendReleases(out.ext.state, [], () => undefined);
    expect(third).toMatchObject({ releases: [], removed: [] });
  });

  it('puts a cleaned body back together as it was before recurrence', () => {
    const r = finalizeReleases([...draftsOf(join(RECURRING, 'earlier.csv'), RECURRING), ...draftsOf(join(RECURRING, 'later.csv'), RECURRING)], true);
    const state = r.state!;
    let checked = 0;
    const ids = state.ids.split('\n');
    for (const rel of r.releases) {
      const recurAt = listAt(state.recurAt, ids.indexOf(rel.id));
      const p = mergedParagraphs(rel, recurAt)!;
      expect(p.length).toBe(rel.body.split('\n\n').length + recurAt.length);
      for (const at of recurAt) expect(rel.removed.map((x) => x.text)).toContain(p[at]);
      checked += recurAt.length;
    }
    // every paragraph recurrence removed was put back
    expect(checked).toBe(4);
    expect(checked).toBe(r.releases.flatMap((x) => x.removed.filter((y) => y.kind === 'recurring')).length);
  });

  it('drops an indexed release whose every paragraph now recurs, and refuses copies of indexed releases', () => {
    const para = (k: number) => `Paragraph ${'abcdefgh'[k]} of the shared text that this issuer repeats in every release it files, verbatim.`;
    const draft = (id: string, date: string, body: string): Draft => ({
      id, title: `Release ${id}`, subtitle: '', date, place: '', company: 'Example Corp.', tickers: [], body,
      sources: [{ file: `${id}.txt`, part: 'document' }], removed: [], keep: [],
    });
    const lean = draft('aa01', '2020-01-01', [para(0), para(1)].join('\n\n'));
    const others = [draft('aa02', '2020-01-02', [para(0), para(1), 'Its own news, told at some length so that it stays.'].join('\n\n'))];
    const added = [draft('aa03', '2020-01-03', [para(0), para(1), 'Other news of its own, also long enough to be counted.'].join('\n\n'))];
    const all = finalizeReleases([lean, ...others, ...added]);
    expect(all.releases.map((r) => r.id)).toEqual(['aa02', 'aa03']);
    const out = extended([lean, ...others], added);
    if ('fullRun' in out) throw new Error(out.fullRun);
    expect(out.ext.removed).toEqual(['aa01']);
    expect(out.releases).toEqual(all.releases);
    // the same release again, in another file: a copy to merge, which needs the whole corpus
    const copy = { ...others[0]!, id: 'aa09', sources: [{ file: 'copy.txt', part: 'document' }] };
    expect(extended([lean, ...others], [copy])).toMatchObject({ fullRun: expect.stringMatching(/copy of one already indexed/) });
  });
});
