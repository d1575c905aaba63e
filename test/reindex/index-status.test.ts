import { appendFileSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexStatus } from '../../src/reindex/index-status.js';
import { MANIFEST_FILE } from '../../src/store/manifest.js';
import { tempIndex, type TempIndex } from '../support/temp-index.js';
import { simpleIngester } from './simple-ingester.js';

let t: TempIndex;
let corpus: string;
let index: string;
beforeEach(async () => {
  // the seed filings at the top of the corpus
  t = await tempIndex({ prefix: 'status', files: { '.': 'ingest/seeds' }, ingester: simpleIngester });
  ({ corpusDir: corpus, indexDir: index } = t);
});
afterEach(() => t.cleanup());
const reindex = () => t.reindex();

describe('indexStatus', () => {
  it('says why an index must be built before serving', async () => {
    expect(indexStatus(index, corpus)).toEqual({ fresh: false, reason: `no index in ${index}` });
    await reindex();
    expect(indexStatus(index, corpus)).toEqual({ fresh: true });
    // a README or a dotfile is not a filing
    writeFileSync(join(corpus, 'README.md'), '# notes');
    writeFileSync(join(corpus, '.DS_Store'), 'x');
    expect(indexStatus(index, corpus)).toEqual({ fresh: true });

    writeFileSync(join(corpus, 'later.txt'), 'NEW RELEASE\n\nBody.\n');
    expect(indexStatus(index, corpus)).toEqual({ fresh: false, reason: 'later.txt is new' });
    rmSync(join(corpus, 'later.txt'));
    const file = join(corpus, '001_ebb4752fe36ec00b.txt');
    appendFileSync(file, '\nmore\n');
    const changed = { fresh: false, reason: '001_ebb4752fe36ec00b.txt changed since the index was built' };
    expect(indexStatus(index, corpus)).toEqual(changed);
    await reindex();
    const future = new Date(Date.now() + 60_000);
    utimesSync(file, future, future);
    expect(indexStatus(index, corpus)).toEqual(changed);
  });

  it('an index of another tokenizer version is not fresh', async () => {
    await reindex();
    const m = JSON.parse(readFileSync(join(index, MANIFEST_FILE), 'utf8')) as object;
    writeFileSync(join(index, MANIFEST_FILE), JSON.stringify({ ...m, tokenizerVersion: 0 }));
    expect(indexStatus(index, corpus)).toMatchObject({ fresh: false, reason: expect.stringMatching(/tokenizer version 0/) });
  });
});
