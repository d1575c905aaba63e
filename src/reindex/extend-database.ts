import { summarizeExtension } from './extension-summary.js';
import type { Release } from '../clean/release.js';
import type { Engine } from '../engine/engine.js';
import type { FileEntry } from '../store/manifest.js';
import { releaseHash } from '../store/release-hash.js';
import { collectDrafts } from './collect-drafts.js';
import type { DraftCache } from './draft-cache.js';
import type { IngestExtension, Ingester } from './ingester.js';
import type { ReindexOptions, ReindexProgress, ReindexSummary } from './reindex-types.js';

/** Rounds of reading indexed releases back before cleaning the whole corpus instead. */
const MAX_ROUNDS = 64;

interface ExtendDatabaseArgs<D> {
  opts: ReindexOptions;
  ingester: Ingester<D>;
  engine: Engine;
  code: string;
  /** The last commit's files and cleaning state. */
  oldFiles: Record<string, FileEntry>;
  state: unknown;
  oldCounts: { releases: number; boilerplateRemoved: number };
  /** Files new to the index, in order; every other file is as the last commit saw it. */
  added: string[];
  present: Set<string>;
  cache: DraftCache<D>;
  summary: ReindexSummary;
  progress: ReindexProgress;
}

/**
 * Clean new files' drafts against the cleaning state the database keeps with its generation (the
 * ingester's `extend`), without reading the rest of the corpus, and commit only the releases that
 * changed. `extend` reads indexed releases synchronously and the database answers asynchronously,
 * so it runs in rounds: the releases a round asked for and did not have are read (one query), and
 * it runs again, until it asks for nothing new. Returns why it could not (nothing written: the
 * caller cleans the whole corpus), or the filled-in summary.
 */
export async function extendDatabase<D>(a: ExtendDatabaseArgs<D>): Promise<string | ReindexSummary> {
  const { opts, ingester, engine, summary, progress } = a;
  if (!ingester.extend) return 'the ingester cannot clean new files alone';
  progress.stage('read', `${a.added.length} new files`);
  const entries: Record<string, FileEntry> = {};
  const { draftsByFile, changes } = await collectDrafts({
    corpusDir: opts.corpusDir, toCheck: a.added, present: a.present, oldFiles: a.oldFiles, files: entries, cache: a.cache, ingester,
    full: false, dryRun: opts.dryRun ?? false, progress, budgetMs: opts.fileBudgetMs, jobs: opts.jobs,
  });
  const drafts = [...draftsByFile.values()].flat();
  progress.stage('finalize', `${drafts.length} new drafts against the indexed corpus`);
  const read = new Map<string, Release | undefined>();
  const readBack = async (ids: string[]) => {
    const want = ids.filter((id) => !read.has(id));
    if (want.length) (await engine.releases(want)).forEach((r, i) => read.set(want[i]!, r));
  };
  let ext: IngestExtension | string = 'the indexed releases could not be read back';
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const asked = new Set<string>();
    ext = ingester.extend(a.state, drafts, (id) => {
      if (read.has(id)) return read.get(id);
      asked.add(id);
      return undefined;
    });
    if (asked.size === 0) break;
    // a release not read yet makes extend give up; read them, and run it again
    ext = 'more indexed releases to read back than a small change reads';
    await readBack([...asked]);
  }
  if (typeof ext === 'string') return ext;

  await readBack([...ext.releases.map((r) => r.id), ...ext.removed]);
  const { files, boilerplate } = summarizeExtension(ext, (id) => read.get(id), { files: a.oldFiles, counts: a.oldCounts }, entries, changes, summary);
  if (opts.dryRun) return summary;

  progress.stage('index', `${ext.releases.length} releases changed`);
  await engine.apply({ upserts: ext.releases.map((release) => ({ release, hash: releaseHash(release) })), removals: ext.removed });
  progress.stage('write', 'database');
  const stats = await engine.commit({
    corpusDir: opts.corpusDir,
    code: a.code,
    files,
    counts: { files: Object.keys(files).length, releases: summary.releases.total, skippedParts: summary.skippedParts.length, boilerplateRemoved: boilerplate },
    ingestState: ext.state,
  });
  a.cache.prune(new Set(Object.entries(files).map(([f, e]) => a.cache.key(f, e.hash))));
  summary.builtAt = stats.builtAt;
  return summary;
}
