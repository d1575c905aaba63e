import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Release } from '../../src/clean/release.js';
import { parseJudgedReleases } from '../../src/eval/evaluate.js';
import { FIXTURES, filesUnder, ingest, INGEST } from '../support/ingest-fixtures.js';

// One trimmed real filing set per format; its expected releases sit beside it in
// `<format>.golden.json`. After a deliberate change, rewrite them with UPDATE_GOLDENS=1 and review
// the diff line by line.
const FORMATS = ['seeds', 'edgar-full-submissions', 'edgar-html', 'stanford-8k', 'axon'];

// sentence ends, not abbreviations (`Inc.`, `Dr.`, `Calif.`, initials)
const sentences = (text: string) => text.split(/(?<!\b(?:Inc|Corp|Co|Ltd|Dr|Mr|Ms|Mrs|St|No|vs|Calif|Ariz|Mass|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z])\.)(?<=[.!?]["”)]?)\s+(?=["“(]?[A-Z])/);

function summary(r: Release) {
  const paragraphs = r.body.split('\n\n');
  const removed: Record<string, number> = {};
  for (const x of r.removed) removed[x.kind] = (removed[x.kind] ?? 0) + 1;
  return {
    title: r.title,
    subtitle: r.subtitle,
    date: r.date,
    place: r.place,
    company: r.company,
    tickers: r.tickers,
    paragraphs: paragraphs.length,
    firstSentence: sentences(paragraphs[0] ?? '')[0],
    lastSentence: sentences(paragraphs.at(-1) ?? '').at(-1),
    sources: r.sources,
    removed,
  };
}

describe.each(FORMATS)('ingest golden: %s', (format) => {
  it('gives the expected releases and skipped parts', () => {
    const { releases, skipped } = ingest(filesUnder(join(INGEST, format)));
    const actual = {
      releases: releases.map(summary).sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title)),
      skipped: skipped.map((s) => `${s.file} (${s.part}): ${s.reason}`),
    };
    const golden = join(INGEST, `${format}.golden.json`);
    if (process.env['UPDATE_GOLDENS'] || !existsSync(golden)) writeFileSync(golden, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(golden, 'utf8')));
  });
});

describe('the seeds', () => {
  const { releases, skipped } = ingest(filesUnder(join(INGEST, 'seeds')));
  const table = readFileSync(join(FIXTURES, 'eval', 'seed-releases.tsv'), 'utf8');
  const judged = parseJudgedReleases(table);
  // the table's 4th column: `file (part[; note]); file (part)`; a file without a part matches any part
  const sourcesOf = new Map(
    table.split('\n').slice(1).filter(Boolean).map((l) => [l.split('\t')[0], [...(l.split('\t')[3] ?? '').matchAll(/([\w.]+\.txt)(?: \(([^);]+)[^)]*\))?/g)].map((m) => ({ file: m[1]!, part: m[2] })) ] as const),
  );

  it('hold exactly the 9 distinct releases of the judged table, with their dates and sources', () => {
    expect(releases).toHaveLength(9);
    expect(judged).toHaveLength(9);
    for (const j of judged) {
      const matching = releases.filter((r) => r.title.toUpperCase().includes(j.titlePattern.toUpperCase()));
      expect(matching, j.key).toHaveLength(1);
      const r = matching[0]!;
      expect(r.date, j.key).toBe(j.date);
      const expected = sourcesOf.get(j.key) ?? [];
      expect(r.sources, j.key).toHaveLength(expected.length);
      for (const e of expected) expect(r.sources, j.key).toContainEqual({ file: `seeds/${e.file}`, part: e.part ?? expect.any(String) });
    }
  });

  it('carry the Lorus metadata and tickers of every release', () => {
    for (const r of releases) {
      expect(r.company).toBe('Lorus Therapeutics Inc.');
      expect(r.tickers).toEqual(expect.arrayContaining(['TSX:LOR']));
      expect(r.id).toMatch(/^[0-9a-f]{16}$/);
      expect(r.title).not.toMatch(/\n/);
    }
  });

  it('have no contact block, safe harbor, company blurb or page mark left in a body', () => {
    for (const r of releases) {
      expect(r.body, r.title).not.toMatch(/forward[- ]looking statements|Mansfield|lorusthera\.com|<PAGE>|\(more\)|-30-|# # #|Tel:|Fax:|@/i);
      expect(r.body, r.title).not.toMatch(/Lorus Therapeutics Inc\. is a (biopharmaceutical|life sciences)/i);
    }
  });

  it('keep "About <drug>" sections: they are the news a reader searched for', () => {
    const withAbout = releases.filter((r) => /^About (GTI|Virulizin|NC)/m.test(r.body));
    expect(withAbout.map((r) => [r.title, r.body.match(/^About (GTI|Virulizin|NC)\S*/gm)]).sort()).toEqual([
      ['LORUS THERAPEUTICS ANNOUNCES INTERIM CLINICAL RESULTS OF GTI-2040 IN COMBINATION CHEMOTHERAPY FOR THE TREATMENT OF RENAL CELL CANCER', ['About GTI-2040']],
      ['LORUS THERAPEUTICS SUPPORTS PANCREATIC CANCER AWARENESS MONTH', ['About Virulizin(R)']],
    ]);
  });

  it('report what was removed and why, so a reviewer can check both directions', () => {
    const kinds = new Set(releases.flatMap((r) => r.removed.map((x) => x.kind)));
    for (const k of ['about-company', 'safe-harbor', 'contact', 'page-mark']) expect(kinds).toContain(k);
  });

  it('report the 6-K cover page and exhibit index as skipped, with a reason', () => {
    expect(skipped).toEqual([expect.objectContaining({ file: 'seeds/000_9dfd254e06cbdf3a.txt', reason: expect.stringMatching(/^not a press release: /) })]);
  });

  it('are read the same whatever order the files come in (ids from content)', () => {
    const reversed = ingest(filesUnder(join(INGEST, 'seeds')).reverse()).releases;
    expect(reversed.map((r) => r.id).sort()).toEqual(releases.map((r) => r.id).sort());
  });
});
