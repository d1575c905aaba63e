import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempIndex, type TempIndex } from '../support/temp-index.js';
import { buildCli } from './build-cli.js';
import { writeNewFiling } from './corpus-fixture.js';
import { runCli } from './run-cli.js';

let build: ReturnType<typeof buildCli>;
let t: TempIndex | undefined;
let root: string;
let corpus: string;
let index: string;
const reindex = (...args: string[]) => runCli(build.script('reindex'), ['--corpus', corpus, '--index', index, ...args]);

beforeAll(async () => {
  build = buildCli('reindex-cli');
  // the seed filings; indexed by the command under test
  t = await tempIndex({ prefix: 'reindex-cli' });
  ({ root, corpusDir: corpus, indexDir: index } = t);
});
afterAll(() => {
  build?.clean();
  t?.cleanup();
});

describe('npm run reindex', () => {
  it('--help documents the options and exit codes', async () => {
    const r = await runCli(build.script('reindex'), ['--help']);
    expect(r.code).toBe(0);
    for (const s of ['--corpus', '--index', '--full', '--dry-run', 'FILE', 'Exit codes', '  3  ']) expect(r.stdout).toContain(s);
  });

  it('builds, then reports an unchanged corpus, progress as plain lines on stderr', async () => {
    const first = await reindex();
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^full reindex .*\nfiles: 4 added, 0 changed, 0 removed, 0 unchanged, 0 failed\nreleases: 9 added/);
    expect(first.stdout).toMatch(/index size: \d+\.\d\d MB/);
    expect(first.stderr).toMatch(/reindex: scan .*\nreindex: read 4 files\nreindex: file 1\/4 /);
    const again = await reindex('--json');
    expect(again.code).toBe(0);
    const s = JSON.parse(again.stdout) as { mode: string; files: { unchanged: number }; releases: { added: number } };
    expect(s).toMatchObject({ mode: 'incremental', files: { unchanged: 4 }, releases: { added: 0, updated: 0, removed: 0, total: 9 } });
  });

  it('--dry-run says what would change and writes nothing', async () => {
    writeNewFiling(join(corpus, 'dry.txt'), 'ornithopter');
    const dry = await reindex('--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Dry run.*\n(.*\n)*would add: dry\.txt/);
    const after = await reindex('--dry-run', '--json');
    expect((JSON.parse(after.stdout) as { files: { added: string[] } }).files.added).toEqual(['dry.txt']);
    rmSync(join(corpus, 'dry.txt'));
  });

  it('exits 2 on usage errors, with a message saying what to do', async () => {
    const bad = await reindex('--frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--help/);
    const outside = await reindex(join(root, 'elsewhere.txt'));
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/not inside the corpus directory/);
    const unknown = await reindex(join(corpus, 'no-such-file.txt'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/not in the corpus folder .* nor in the index/);
    const wait = await reindex('--wait', 'soon');
    expect(wait.code).toBe(2);
  });

  it('exits 3 with a clear message while another live reindex holds the lock', async () => {
    // the test runner is alive, so its pid makes a live holder
    writeFileSync(join(index, '.lock'), `${process.pid}\n`);
    try {
      const r = await reindex('--wait', '0.3');
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`another reindex (pid ${process.pid}) is writing`);
    } finally {
      rmSync(join(index, '.lock'));
    }
  });
});
