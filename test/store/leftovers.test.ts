import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatSummary } from '../../src/cli/progress-reporter.js';
import { DRAFTS_DIR } from '../../src/reindex/draft-cache.js';
import { reindex } from '../../src/reindex/reindex.js';
import { copySeeds, writeNewFiling } from '../cli/corpus-fixture.js';
import { simpleIngester } from '../reindex/simple-ingester.js';

// Issue 21, item 6. A reindex killed in its write stage left its engine file (26 MB on the test
// corpus) until the next full rebuild; one that met a full disk left the draft cache it had
// written, so the next run on that disk failed too. The disk fills up only for the index's own
// files here (simulated: a root user ignores permissions, and a real small disk needs mounting).
const fault = vi.hoisted(() => ({ full: false }));
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const openFor = new Map<number, string>();
  return {
    ...fs,
    openSync: (path: import('node:fs').PathLike, flags?: import('node:fs').OpenMode, mode?: import('node:fs').Mode) => {
      const fd = fs.openSync(path, flags ?? 'r', mode);
      openFor.set(fd, String(path));
      return fd;
    },
    writeSync: (fd: number, buffer: Uint8Array, offset?: number, length?: number, position?: number | null) => {
      // the draft cache is written; the disk is full by the time the generation's files are
      const path = openFor.get(fd) ?? '';
      if (fault.full && !path.includes(`/${DRAFTS_DIR}/`)) throw Object.assign(new Error('ENOSPC: simulated'), { code: 'ENOSPC' });
      return fs.writeSync(fd, buffer, offset, length, position);
    },
  };
});

let root: string;
let corpus: string;
let index: string;
beforeEach(() => {
  fault.full = false;
  root = mkdtempSync(join(tmpdir(), 'leftovers-'));
  corpus = join(root, 'corpus');
  index = join(root, 'index');
  mkdirSync(corpus);
  copySeeds(corpus);
});
afterEach(() => {
  fault.full = false;
  rmSync(root, { recursive: true, force: true });
});

const run = () => reindex({ corpusDir: corpus, indexDir: index }, simpleIngester);
const list = (dir: string) => readdirSync(dir).sort();

describe('leftovers of interrupted and failed runs', () => {
  it('files a killed write stage left (named as a generation, or temporary) are removed at the start of the next run, and said', async () => {
    await run();
    const before = list(index);
    const drafts = list(join(index, DRAFTS_DIR));
    // what a kill between the data files and the manifest leaves
    const orphans = ['engine-m1abc2-0a1b2c.bin', 'releases-m1abc2-0a1b2c.dat', 'releases-m1abc2-0a1b2c.idx', `.tmp-4242-deadbeef-engine-m1abc3-ffffff.bin`];
    for (const n of orphans) writeFileSync(join(index, n), Buffer.alloc(1000));
    writeFileSync(join(index, DRAFTS_DIR, '.tmp-4242-cafe0000-0123.mp'), Buffer.alloc(10));
    const s = await run();
    expect(s.leftoversRemoved?.files.sort()).toEqual([...orphans, `${DRAFTS_DIR}/.tmp-4242-cafe0000-0123.mp`].sort());
    expect(s.leftoversRemoved?.bytes).toBe(4010);
    expect(formatSummary(s)).toContain('removed 5 files (0.0 MB) an interrupted reindex left behind');
    expect(list(index)).toEqual(before);
    expect(list(join(index, DRAFTS_DIR))).toEqual(drafts);
    // a run with nothing left over says nothing of it
    expect((await run()).leftoversRemoved).toBeUndefined();
  });

  it('a run that fails on a full disk deletes the draft cache entries and files it wrote; the next run completes', async () => {
    expect((await run()).releases.total).toBe(4);
    const before = list(index);
    const drafts = list(join(index, DRAFTS_DIR));
    writeNewFiling(join(corpus, 'later.txt'), 'heliotrope');
    writeNewFiling(join(corpus, 'later2.txt'), 'amaranth');
    fault.full = true;
    await expect(reindex({ corpusDir: corpus, indexDir: index, full: true }, simpleIngester)).rejects.toMatchObject({ code: 'ENOSPC' });
    fault.full = false;
    expect(list(index)).toEqual(before);
    expect(list(join(index, DRAFTS_DIR))).toEqual(drafts);
    const again = await run();
    expect(again.releases.total).toBe(6);
    expect(again.leftoversRemoved).toBeUndefined();
  });
});
