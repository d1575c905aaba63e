import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadIndex, type OpenedIndex } from '../../src/engine/memory/load-index.js';
import { createDefaultIngester } from '../../src/reindex/default-ingester.js';
import type { Ingester } from '../../src/reindex/ingester.js';
import { reindex, type ReindexOptions, type ReindexSummary } from '../../src/reindex/reindex.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
/** The seed filings (a 6-K cover and three Lorus exhibits). */
export const SEEDS = join(FIXTURES, 'ingest', 'seeds');

export interface TempIndexOptions {
  /**
   * What the corpus holds: corpus path → fixture path under test/fixtures/ (a file or a folder,
   * copied as is; `.` is the corpus folder itself). Default: the seed filings in `seeds/`.
   */
  files?: Record<string, string>;
  /** Build the index before returning (default: false). */
  build?: boolean;
  /** The ingester for reindex() (default: the real one, `createDefaultIngester()`). */
  ingester?: Ingester<unknown>;
  /** Start of the temporary folder's name, for finding a leftover one. */
  prefix?: string;
  /** Where to make the temporary folder (default: the OS temp folder). */
  parent?: string;
}

/** A reindex run on this corpus: any option of `reindex()`, and another ingester for this run only. */
export type TempReindexOptions = Partial<ReindexOptions> & { ingester?: Ingester<unknown> };

/** A corpus copied from fixtures and its index folder, in a temporary folder of their own. */
export interface TempIndex {
  /** The temporary folder: `corpus/` and `index/` are in it; put other scratch folders here too. */
  root: string;
  corpusDir: string;
  indexDir: string;
  /** The absolute path of a corpus file (`name` relative to the corpus folder). */
  path(name: string): string;
  /** Write a corpus file (its folders made as needed); returns its absolute path. */
  addFile(name: string, content: string | Uint8Array): string;
  /** Copy a fixture (path under test/fixtures/, a file or a folder) into the corpus as `name`. */
  addFixture(name: string, fixture: string): string;
  /** Delete a corpus file or folder. */
  removeFile(name: string): void;
  /** Run `reindex()` on this corpus into `indexDir` (or `opts.indexDir`). */
  reindex(opts?: TempReindexOptions): Promise<ReindexSummary>;
  /** Load the index (`indexDir`, or another folder); the caller closes it. */
  load(indexDir?: string): Promise<OpenedIndex>;
  /** Remove the temporary folder and everything in it (safe to call twice). */
  cleanup(): void;
}

/**
 * A temporary index built from fixtures, in the spirit of Meilisearch's `TempIndex`: make the
 * folder, copy the fixtures into a corpus, (optionally) index it, and remove it all afterwards.
 *
 *     let t: TempIndex;
 *     beforeEach(async () => { t = await tempIndex({ build: true }); });
 *     afterEach(() => t.cleanup());
 */
export async function tempIndex(opts: TempIndexOptions = {}): Promise<TempIndex> {
  const root = mkdtempSync(join(opts.parent ?? tmpdir(), `${opts.prefix ?? 'temp-index'}-`));
  const corpusDir = join(root, 'corpus');
  const indexDir = join(root, 'index');
  let ingester = opts.ingester;
  const path = (name: string) => join(corpusDir, name);
  const t: TempIndex = {
    root,
    corpusDir,
    indexDir,
    path,
    addFile(name, content) {
      const to = path(name);
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to, content);
      return to;
    },
    addFixture(name, fixture) {
      const to = path(name);
      cpSync(join(FIXTURES, fixture), to, { recursive: true });
      return to;
    },
    removeFile(name) {
      rmSync(path(name), { recursive: true });
    },
    async reindex(extra = {}) {
      const { ingester: own, ...rest } = extra;
      ingester ??= await createDefaultIngester();
      return reindex({ corpusDir, indexDir, ...rest }, own ?? ingester);
    },
    load: (dir = indexDir) => loadIndex(dir),
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    mkdirSync(corpusDir);
    for (const [name, fixture] of Object.entries(opts.files ?? { seeds: 'ingest/seeds' })) t.addFixture(name, fixture);
    if (opts.build) await t.reindex();
  } catch (err) {
    t.cleanup();
    throw err;
  }
  return t;
}
