import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeNewFiling } from '../cli/corpus-fixture.js';
import { tempIndex, type TempIndex } from '../support/temp-index.js';
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

let t: TempIndex;

beforeEach(async () => {
  fault.kind = undefined;
  fault.writtenBefore = 0;
  t = await tempIndex({ prefix: 'disk-full', ingester: simpleIngester });
});
afterEach(() => {
  fault.kind = undefined;
  t.cleanup();
});

describe.each(['ENOSPC', 'EROFS'] as const)('a reindex that cannot write (%s)', (kind) => {
  it('fails with that error, leaves the old index loadable and unchanged, and the next run completes', async () => {
    const first = await t.reindex();
    expect(first.releases.total).toBe(4);
    const before = readdirSync(t.indexDir).sort();
    writeNewFiling(t.path('later.txt'), 'heliotrope');
    fault.kind = kind;
    await expect(t.reindex()).rejects.toMatchObject({ code: kind });
    fault.kind = undefined;
    const old = await t.load();
    expect(old.info.releases).toBe(4);
    expect(old.engine.search('heliotrope')).toEqual([]);
    old.close();
    // no half-written file left behind: the folder is as the first run left it
    expect(readdirSync(t.indexDir).sort()).toEqual(before);
    const again = await t.reindex();
    expect(again.releases).toMatchObject({ added: 1, removed: 0, total: 5 });
    const fresh = await t.load();
    expect(fresh.engine.search('heliotrope')).toHaveLength(1);
    fresh.close();
  });
});
