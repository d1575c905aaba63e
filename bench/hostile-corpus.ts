import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDefaultIngester } from '../src/reindex/default-ingester.js';
import { reindex } from '../src/reindex/reindex.js';
import { HOSTILE_SHAPES, hostileFiling } from './hostile-filings.js';
import { round } from './stats.js';

/**
 * A whole corpus of hostile filings, reindexed end to end as a user would (scan, read, clean,
 * finalize, index, write), beside the shipped corpus of ordinary filings in the same run: the
 * hostile one must go at a rate comparable to the ordinary one (it went at 0.2 MB/s when cleaning
 * was quadratic in a paragraph's length).
 */
export interface CorpusRate {
  corpus: 'hostile' | 'ordinary';
  files: number;
  mb: number;
  seconds: number;
  mbPerSec: number;
  releases: number;
  failed: number;
}

// 8 files of each shape of about 3.75 MB: about 90 MB, the size of the corpus that took 377 s
const FILES_PER_SHAPE = 8;
const MB_PER_FILE = 3.75;

async function rateOf(corpus: CorpusRate['corpus'], corpusDir: string, indexDir: string): Promise<CorpusRate> {
  const started = performance.now();
  const summary = await reindex({ corpusDir, indexDir, full: true }, await createDefaultIngester());
  const seconds = (performance.now() - started) / 1000;
  const mb = summary.bytesRead / 1024 / 1024;
  return {
    corpus,
    files: summary.files.added.length + summary.files.failed.length,
    mb: round(mb, 1),
    seconds: round(seconds, 1),
    mbPerSec: round(mb / seconds, 2),
    releases: summary.releases.total,
    failed: summary.files.failed.length,
  };
}

/** Reindex the hostile corpus and the shipped one (`shippedCorpus`), each into a fresh index. */
export async function measureHostileCorpus(shippedCorpus: string, log: (msg: string) => void): Promise<CorpusRate[]> {
  const root = mkdtempSync(join(tmpdir(), 'hostile-corpus-'));
  try {
    const hostile = join(root, 'hostile');
    mkdirSync(hostile);
    HOSTILE_SHAPES.forEach((shape, s) => {
      for (let i = 0; i < FILES_PER_SHAPE; i++) writeFileSync(join(hostile, `${shape}-${i}.txt`), hostileFiling(shape, MB_PER_FILE, 1 + s * FILES_PER_SHAPE + i));
    });
    const ordinary = join(root, 'ordinary');
    cpSync(shippedCorpus, ordinary, { recursive: true });
    const out: CorpusRate[] = [];
    for (const [name, dir] of [['ordinary', ordinary], ['hostile', hostile]] as const) {
      const r = await rateOf(name, dir, join(root, `index-${name}`));
      log(`${name} corpus: ${r.files} files, ${r.mb} MB in ${r.seconds} s (${r.mbPerSec} MB/s), ${r.releases} releases, ${r.failed} failed`);
      out.push(r);
    }
    return out;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export function corpusRateTable(rates: readonly CorpusRate[]): string {
  const rows = rates.map((r) => `| ${r.corpus} | ${r.files} | ${r.mb} MB | ${r.seconds} s | ${r.mbPerSec} MB/s | ${r.releases} | ${r.failed} |`);
  const ordinary = rates.find((r) => r.corpus === 'ordinary');
  const hostile = rates.find((r) => r.corpus === 'hostile');
  const ratio = ordinary && hostile ? `\nhostile ÷ ordinary rate: ${round(hostile.mbPerSec / ordinary.mbPerSec, 2)}×\n` : '';
  return `| corpus, full reindex | files | read | time | rate | releases | failed |\n|---|---|---|---|---|---|---|\n${rows.join('\n')}\n${ratio}`;
}
