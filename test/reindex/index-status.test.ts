import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexStatus } from '../../src/reindex/index-status.js';
import { MANIFEST_FILE } from '../../src/store/manifest.js';
import { reindex } from '../../src/reindex/reindex.js';
import { simpleIngester } from './simple-ingester.js';

const SEEDS = join(import.meta.dirname, '..', 'fixtures', 'ingest', 'seeds');
let root: string;
let corpus: string;
let index: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'status-'));
  corpus = join(root, 'corpus');
  index = join(root, 'index');
  cpSync(SEEDS, corpus, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('indexStatus', () => {
  it('says why an index must be built before serving', async () => {
    expect(indexStatus(index, corpus)).toMatchObject({ fresh: false, reason: expect.stringMatching(/no index/) });
    await reindex({ corpusDir: corpus, indexDir: index }, simpleIngester);
    expect(indexStatus(index, corpus)).toEqual({ fresh: true });
    // a README or a dotfile is not a filing
    writeFileSync(join(corpus, 'README.md'), '# notes');
    writeFileSync(join(corpus, '.DS_Store'), 'x');
    expect(indexStatus(index, corpus)).toEqual({ fresh: true });

    writeFileSync(join(corpus, 'later.txt'), 'NEW RELEASE\n\nBody.\n');
    expect(indexStatus(index, corpus)).toMatchObject({ fresh: false, reason: 'later.txt is new' });
    rmSync(join(corpus, 'later.txt'));
    const file = join(corpus, '001_ebb4752fe36ec00b.txt');
    appendFileSync(file, '\nmore\n');
    expect(indexStatus(index, corpus)).toMatchObject({ fresh: false, reason: expect.stringMatching(/001_ebb4752fe36ec00b.txt changed/) });
    await reindex({ corpusDir: corpus, indexDir: index }, simpleIngester);
    const future = new Date(Date.now() + 60_000);
    utimesSync(file, future, future);
    expect(indexStatus(index, corpus)).toMatchObject({ fresh: false });
  });

  it('an index of another tokenizer version is not fresh', async () => {
    await reindex({ corpusDir: corpus, indexDir: index }, simpleIngester);
    const m = JSON.parse(readFileSync(join(index, MANIFEST_FILE), 'utf8')) as object;
    writeFileSync(join(index, MANIFEST_FILE), JSON.stringify({ ...m, tokenizerVersion: 0 }));
    expect(indexStatus(index, corpus)).toMatchObject({ fresh: false, reason: expect.stringMatching(/tokenizer version 0/) });
  });
});
