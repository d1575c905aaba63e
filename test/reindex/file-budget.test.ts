import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { overBudgetReason } from '../../src/reindex/collect-drafts.js';
import { createDefaultIngester } from '../../src/reindex/default-ingester.js';
import type { Ingester } from '../../src/reindex/ingester.js';
import { reindex } from '../../src/reindex/reindex.js';
import { copySeeds } from '../cli/corpus-fixture.js';

// A file whose ingest runs past the per-file budget is reported as failed and skipped; the rest
// of the corpus is indexed. The hostile file is the one of issue 21 (a release and megabytes of
// 240-character lines); the budget is made small (300 ms) and the file made slow (500 ms) so that little real time is spent.
let root: string;
let corpus: string;
let index: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'file-budget-'));
  corpus = join(root, 'corpus');
  index = join(root, 'index');
  mkdirSync(corpus);
  copySeeds(corpus);
  const line = 'the company said revenue rose in the quarter and sales of new products grew in every market '.repeat(3).slice(0, 240);
  writeFileSync(join(corpus, 'hostile.txt'), `ACME WIDGETS REPORTS RECORD QUARTER\n\nNEW YORK, NY, OCTOBER 14, 2004 - Acme Widgets Inc. today reported record revenue for the quarter.\n\n${`${line}\n`.repeat(4000)}`);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The real ingester, with the hostile file made slow: it waits out its deadline first. */
async function slowOn(file: string, honoursDeadline: boolean): Promise<Ingester<unknown>> {
  const real = await createDefaultIngester();
  return {
    ...real,
    ingestFile: (f, bytes, opts) => {
      if (f === file) {
        const until = performance.now() + 500;
        while (performance.now() < until); // a stage that takes its time
      }
      return real.ingestFile(f, bytes, honoursDeadline ? opts : {});
    },
  };
}

describe('the per-file time budget', () => {
  it.each([
    ['an ingester that checks its deadline (the real one)', true],
    ['an ingester that does not (its late result is refused)', false],
  ])('skips and reports a file over it: %s', async (_name, honours) => {
    const s = await reindex({ corpusDir: corpus, indexDir: index, fileBudgetMs: 300 }, await slowOn('hostile.txt', honours));
    expect(s.files.failed).toEqual([{ file: 'hostile.txt', reason: overBudgetReason(300) }]);
    expect(s.files.added).not.toContain('hostile.txt');
    expect(s.releases.total).toBeGreaterThan(0);
    expect(overBudgetReason(300)).toMatch(/skipped: ingest took longer than the 300 ms budget per file/);
  });

  it('indexes the same file when the budget (default 30 s) allows it', async () => {
    const s = await reindex({ corpusDir: corpus, indexDir: index }, await createDefaultIngester());
    expect(s.files.failed).toEqual([]);
    expect(s.files.added).toContain('hostile.txt');
  });
});
