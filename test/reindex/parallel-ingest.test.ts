import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../cli/build-cli.js';
import { writeNewFiling } from '../cli/corpus-fixture.js';
import { runCli } from '../cli/run-cli.js';
import { FIXTURES } from '../support/temp-index.js';
import { filesUnder, ingest, INGEST } from '../support/ingest-fixtures.js';
import { generateCorpus } from '../../bench/generate-corpus.js';

// The index built with files read and cleaned in worker processes (or threads) must be the one
// built in a single process: the same data files byte for byte, the same manifest, the same
// failures reported. Run through the built command, as a user runs it.
let build: ReturnType<typeof buildCli>;
let root: string;
let corpus: string;
beforeAll(() => {
  build = buildCli('parallel-ingest');
  root = mkdtempSync(join(tmpdir(), 'parallel-ingest-'));
  corpus = join(root, 'corpus');
  mkdirSync(corpus);
  // every fixture format (plain text, full submissions, HTML, CSV, 8-Ks), and two broken files
  cpSync(join(FIXTURES, 'ingest'), corpus, { recursive: true, filter: (src) => !src.endsWith('.json') });
  cpSync(join(FIXTURES, 'hostile'), join(corpus, 'hostile'), { recursive: true });
  // and enough releases (made from the fixtures' sentences) that the engine is built in segments
  generateCorpus(ingest(filesUnder(INGEST)).releases, 2_600, 7, join(corpus, 'generated'));
  writeFileSync(join(corpus, 'empty.txt'), '');
  writeFileSync(join(corpus, 'binary.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256)));
});
afterAll(() => {
  build?.clean();
  rmSync(root, { recursive: true, force: true });
});

interface Built {
  summary: Record<string, unknown>;
  manifest: { files: unknown; counts: unknown; data: { engine: { name: string }; storeData: { name: string }[]; storeTable: { name: string }; finalize?: { name: string } } };
  dir: string;
}

async function reindexWith(index: string, args: string[]): Promise<Built> {
  const r = await runCli(build.script('reindex'), ['--corpus', corpus, '--index', index, '--json', ...args]);
  expect(r.code, r.stderr).toBeLessThanOrEqual(1);
  return { summary: JSON.parse(r.stdout) as Record<string, unknown>, manifest: JSON.parse(readFileSync(join(index, 'manifest.json'), 'utf8')) as Built['manifest'], dir: index };
}

/** Everything the index holds, by content: data files' bytes, the manifest but its names and times, the draft cache's entries. */
function content(b: Built) {
  const d = b.manifest.data;
  const files = [d.engine, ...d.storeData, d.storeTable, ...(d.finalize ? [d.finalize] : [])];
  const { durationMs: _d, builtAt: _b, workers: _w, indexBytes: _i, ...summary } = b.summary;
  return {
    summary,
    files: b.manifest.files,
    counts: b.manifest.counts,
    data: files.map((f) => readFileSync(join(b.dir, f.name)).toString('base64')),
    drafts: readdirSync(join(b.dir, 'drafts')).sort(),
  };
}

describe('reading files in parallel (reindex --jobs N)', () => {
  it('builds the same index with 2 worker processes, 3 worker threads, and none (and the engine in 2 and 3 segments)', { timeout: 240_000 }, async () => {
    const serial = await reindexWith(join(root, 'i1'), ['--jobs', '1']);
    const procs = await reindexWith(join(root, 'i2'), ['--jobs', '2']);
    const threads = await reindexWith(join(root, 'i3'), ['--jobs', '3', '--pool', 'thread']);
    expect(serial.summary.workers).toBeUndefined();
    expect(procs.summary.workers).toBe(2);
    expect(threads.summary.workers).toBe(3);
    // the broken files are reported and skipped, the same way
    const skipped = (serial.summary.skippedParts as { file: string }[]).map((s) => s.file);
    expect(skipped).toEqual(expect.arrayContaining(['binary.bin', 'empty.txt']));
    expect((serial.summary.releases as { total: number }).total).toBeGreaterThan(2_600);
    const want = content(serial);
    expect(content(procs)).toEqual(want);
    expect(content(threads)).toEqual(want);

    // the next run of each, after a new filing and a changed one, again agrees
    mkdirSync(join(corpus, 'new'));
    writeNewFiling(join(corpus, 'new', 'added.txt'), 'zanubrutinib', 7);
    writeFileSync(join(corpus, 'empty.txt'), readFileSync(join(corpus, 'seeds', readdirSync(join(corpus, 'seeds'))[0]!)));
    const serial2 = await reindexWith(serial.dir, ['--jobs', '1']);
    const procs2 = await reindexWith(procs.dir, ['--jobs', '2']);
    expect((serial2.summary.files as { changed: string[] }).changed).toEqual(['empty.txt']);
    expect(content(procs2)).toEqual(content(serial2));
  });

  it('refuses a count it cannot use', async () => {
    const r = await runCli(build.script('reindex'), ['--corpus', corpus, '--index', join(root, 'bad'), '--jobs', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--jobs must be a whole number from 1 to 64/);
  });
});
