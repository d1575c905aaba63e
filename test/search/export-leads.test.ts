import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/clean/release.js';
import type { Engine } from '../../src/engine/engine.js';
import { openEngine } from '../../src/engine/open-engine.js';
import { exportPages, type ExportRow } from '../../src/search/export.js';
import { search } from '../../src/search/search.js';
import { WINDOW_BYTES } from '../../src/store/release-record.js';
import { filesUnder, FIXTURES, ingest, INGEST } from '../support/ingest-fixtures.js';

// An export reads each release's lead (release-record.ts), not the whole record: on an index on
// disk, its rows and snippets are still the search's, and a body longer than the lead's window
// is handled as the window says.
let dir: string;
let engine: Engine;
const filler = (n: number) => Array.from({ length: n }, (_, i) => `Paragraph ${i} says nothing of note about the quarter.`).join('\n\n');
const LATE = 'zyloquine';
const long = (id: string, body: string): Release => ({
  id, title: `A long release ${id}`, subtitle: '', date: '2020-01-02', place: '', company: 'Acme Biologics Inc.', tickers: [], body, sources: [{ file: `${id}.txt`, part: 'document' }], removed: [],
});
const longs = [long('late0000000000001', `${filler(400)}\n\nOnly here is ${LATE} named.`), long('early000000000001', `Early mention of ${LATE}.\n\n${filler(400)}`)];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'export-leads-'));
  const { releases } = ingest([...filesUnder(join(INGEST, 'seeds')), join(FIXTURES, 'hostile', 'xss-8k-ex99.htm')], FIXTURES);
  engine = await openEngine({ backend: 'memory', indexDir: dir, lazy: true });
  await engine.apply({ upserts: [...releases, ...longs].map((release) => ({ release, hash: release.id })), removals: [] }, { rebuild: true });
  await engine.commit({ corpusDir: dir, code: 'test', files: {}, counts: { files: 0, releases: releases.length + 2, skippedParts: 0, boilerplateRemoved: 0 } });
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

async function rows(q: string): Promise<ExportRow[]> {
  const out: ExportRow[] = [];
  for await (const p of exportPages(engine, { q, sort: 'relevance' }, { origin: '' })) out.push(...p.rows);
  return out;
}

describe('an export read from the store in part', () => {
  it('has the rows and snippets the search shows, for searches with and without words to mark', async () => {
    expect(Buffer.byteLength(longs[0]!.body)).toBeGreaterThan(2 * WINDOW_BYTES);
    for (const q of ['Lorus', 'GTI-2040', '"renal cell"', 'from:1990-01-01', 'company:lorus', 'virul*']) {
      const exported = await rows(q);
      const shown = (await search(engine, { q, page: 1, size: 50, sort: 'relevance' })).results;
      expect(exported.length, q).toBeGreaterThan(0);
      expect(exported.map((r) => [r.id, r.title, r.company, r.date, r.snippet]), q).toEqual(shown.map((h) => [h.id, h.title, h.company, h.date, h.snippetRuns.map((s) => s.text).join('')]));
    }
  });

  it('looks for the words of a long release in its first bytes: found there as the search marks them, else the opening, which says there is more', async () => {
    const got = new Map((await rows(LATE)).map((r) => [r.id, r.snippet]));
    expect(got.get('early000000000001')).toMatch(/^Early mention of zyloquine\. Paragraph 0/);
    const late = got.get('late0000000000001')!;
    expect(late).toMatch(/^Paragraph 0 says nothing/);
    expect(late).not.toContain(LATE);
    expect(late.endsWith(' …')).toBe(true);
    // the search itself reads the whole body
    const shown = (await search(engine, { q: LATE, page: 1, size: 10, sort: 'relevance' })).results.find((h) => h.id === 'late0000000000001')!;
    expect(shown.snippetRuns.some((r) => r.hit && r.text === LATE)).toBe(true);
  });
});
