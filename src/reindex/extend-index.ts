import { collectDrafts } from './collect-drafts.js';
import type { DraftCache } from './draft-cache.js';
import { readIngestState } from '../store/ingest-state-file.js';
import type { Ingester } from './ingester.js';
import { readManifest, type FileEntry, type Manifest } from '../store/manifest.js';
import { FileReleaseStore } from '../store/release-store-file.js';
import { summarizeExtension } from './extension-summary.js';
import { openWriter } from './open-writer.js';
import type { ReindexOptions, ReindexProgress, ReindexSummary } from './reindex-types.js';
import { releaseHash } from '../store/release-hash.js';

interface ExtendArgs<D> {
  opts: ReindexOptions;
  ingester: Ingester<D>;
  old: Manifest;
  code: string;
  /** Files new to the index (or that failed before), in order; every other file is unchanged. */
  added: string[];
  present: Set<string>;
  cache: DraftCache<D>;
  summary: ReindexSummary;
  progress: ReindexProgress;
}

/**
 * Add new files to the index without reading the rest of the corpus: their drafts are cleaned
 * against the saved finalize state (the ingester's `extend`), only the releases that changed are
 * stored, and the engine file is kept with a longer delta. Returns why it could not (nothing
 * written, the caller then reindexes the usual way), or the filled-in summary.
 */
export async function extendIndex<D>(a: ExtendArgs<D>): Promise<string | { summary: ReindexSummary; manifest?: Manifest }> {
  const { opts, old, summary, progress } = a;
  const { corpusDir, indexDir } = opts;
  if (!a.ingester.extend || !old.data.finalize) return 'the index has no saved cleaning state';
  const state = readIngestState(indexDir, old.data.finalize);

  progress.stage('read', `${a.added.length} new files`);
  const entries: Record<string, FileEntry> = {};
  const { draftsByFile, changes } = await collectDrafts({
    corpusDir, toCheck: a.added, present: a.present, oldFiles: old.files, files: entries, cache: a.cache, ingester: a.ingester,
    full: false, dryRun: opts.dryRun ?? false, progress, budgetMs: opts.fileBudgetMs, jobs: opts.jobs,
  });
  const store = FileReleaseStore.open(indexDir, old.data.storeData, old.data.storeTable);
  try {
    const drafts = [...draftsByFile.values()].flat();
    progress.stage('finalize', `${drafts.length} new drafts against the indexed corpus`);
    const ext = a.ingester.extend(state, drafts, (id) => store.get(id));
    if (typeof ext === 'string') return ext;

    const before = (id: string) => (store.hashOf(id) === undefined ? undefined : store.get(id));
    const { files, boilerplate } = summarizeExtension(ext, before, old, entries, changes, summary);
    if (opts.dryRun) return { summary };

    progress.stage('index', `${ext.releases.length} releases changed`);
    const engine = await openWriter(opts);
    try {
      await engine.apply({ upserts: ext.releases.map((release) => ({ release, hash: releaseHash(release) })), removals: ext.removed });
      progress.stage('write', indexDir);
      await engine.commit({
        corpusDir,
        code: a.code,
        files,
        counts: { files: Object.keys(files).length, releases: summary.releases.total, skippedParts: summary.skippedParts.length, boilerplateRemoved: boilerplate },
        ingestState: ext.state,
      });
    } finally {
      await engine.close();
    }
    return { summary, manifest: readManifest(indexDir) };
  } finally {
    store.close();
  }
}

