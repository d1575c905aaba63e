import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadIndex } from '../../src/engine/memory/load-index.js';
import { reindex } from '../../src/reindex/reindex.js';
import { writeNewFiling } from '../cli/corpus-fixture.js';
import { simpleIngester } from '../reindex/simple-ingester.js';

// A full disk and a read-only index directory, simulated where the index writes its files: a root
// user (as in CI containers) ignores file permissions, so a real chmod would prove nothing.
const fault = vi.hoisted(() => ({ kind: undefined as 'ENOSPC' | 'EROFS' | undefined, writtenBefore: 0 }));
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const error = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });
  return {
    ...fs,
    openSync: (path: import('node:fs').PathLike, flags?: import('node:fs').OpenMode, mode?: import('node:fs').Mode) => {
      if (fault.kind === 'EROFS' && flags === 'wx') throw error('EROFS');
      return fs.openSync(path, flags ?? 'r', mode);
    },
    writeSync: (fd: number, buffer: Uint8Array, offset?: number, length?: number, position?: number | null) => {
      if (fault.kind === 'ENOSPC') {
        // the disk fills up part-way through the new index
        if (fault.writtenBefore > 1_000) throw error('ENOSPC');
        fault.writtenBefore += length ?? buffer.length;
      }
      return fs.writeSync(fd, buffer, offset, length, position);
    },
  };
});

const SEEDS = join(import.meta.dirname, '..', 'fixtures', 'ingest', 'seeds');
let root: string;
let corpus: string;
let index: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'disk-full-'));
  corpus = join(root, 'corpus');
  index = join(root, 'index');
  cpSync(SEEDS, join(corpus, 'seeds'), { recursive: true });
  fault.kind = undefined;
  fault.writtenBefore = 0;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe.each(['ENOSPC', 'EROFS'] as const)('a reindex that cannot write (%s)', (kind) => {
  it('fails with that error, leaves the old index loadable and unchanged, and the next run completes', async () => {
    const first = await reindex({ corpusDir: corpus, indexDir: index }, simpleIngester);
    writeNewFiling(join(corpus, 'later.txt'), 'heliotrope');
    fault.kind = kind;
    await expect(reindex({ corpusDir: corpus, indexDir: index }, simpleIngester)).rejects.toMatchObject({ code: kind });
    fault.kind = undefined;
    const old = await loadIndex(index);
    expect(old.info.releases).toBe(first.releases.total);
    expect(old.engine.search('heliotrope')).toEqual([]);
    old.close();
    expect(readdirSync(index).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
    const again = await reindex({ corpusDir: corpus, indexDir: index }, simpleIngester);
    expect(again.releases.total).toBe(first.releases.total + 1);
    const fresh = await loadIndex(index);
    expect(fresh.engine.search('heliotrope')).toHaveLength(1);
    fresh.close();
  });
});
