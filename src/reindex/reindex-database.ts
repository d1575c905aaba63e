import { mkdirSync } from 'node:fs';
import type { Engine } from '../engine/engine.js';
import type { FileEntry } from '../store/manifest.js';
import { releaseHash } from '../store/release-hash.js';
import { codeVersion } from './code-version.js';
import { diffReleases } from './release-diff.js';
import { collectDrafts } from './collect-drafts.js';
import { extendDatabase } from './extend-database.js';
import { scanCorpus } from './corpus-files.js';
import { DraftCache } from './draft-cache.js';
import type { Ingester } from './ingester.js';
import { NothingIndexedError, UnknownFileError, type ReindexOptions, type ReindexProgress, type ReindexSummary } from './reindex-types.js';
import { unchangedOnDisk } from './unchanged-on-disk.js';

const NO_PROGRESS: ReindexProgress = { stage: () => {}, file: () => {}, warn: () => {} };

/**
 * Reindex into a backend that keeps its own commit records (a database): the plan comes from the
 * last commit the engine holds (files by content hash, releases by hash), not from an index
 * folder, which serves here only as this machine's draft cache. The engine's writer lock keeps a
 * second reindex (on any machine) out; the commit is one generation, all or nothing. When only
 * new files arrived, they are cleaned alone against the cleaning state the database keeps with the
 * generation (`extendDatabase`); otherwise the whole corpus is cleaned again from cached drafts.
 */
export async function reindexDatabase<D>(opts: ReindexOptions, ingester: Ingester<D>, engine: Engine): Promise<ReindexSummary> {
  if (!engine.lastCommit || !engine.lockWriter) throw new Error('reindexDatabase needs an engine that keeps its commit records (lastCommit, lockWriter)');
  const started = performance.now();
  const progress = opts.progress ?? NO_PROGRESS;
  const { corpusDir, indexDir } = opts;
  const lock = opts.dryRun ? undefined : await engine.lockWriter();
  try {
    const code = codeVersion();
    const last = await engine.lastCommit();
    const reason = opts.full ? undefined : !last.meta ? 'no index yet' : last.meta.code !== code ? 'the index was built by another version of the ingest or engine code' : undefined;
    const previous = opts.full || reason ? undefined : last.meta;
    if (reason === 'no index yet') progress.stage('scan', 'building a new index');
    else if (reason) progress.warn(`full rebuild: ${reason}`);
    const summary: ReindexSummary = {
      mode: previous ? 'incremental' : 'full',
      extended: false,
      ...(reason ? { reason } : {}),
      dryRun: opts.dryRun ?? false,
      files: { added: [], changed: [], removed: [], unchanged: 0, failed: [] },
      skippedParts: [],
      releases: { added: 0, updated: 0, removed: 0, total: 0 },
      boilerplateRemoved: 0,
      thisRun: { boilerplateRemoved: 0, skippedParts: 0 },
      bytesRead: 0,
      durationMs: 0,
      indexBytes: 0,
    };
    progress.stage('scan', corpusDir);
    const scan = scanCorpus(corpusDir);
    const present = new Set(scan.files);
    summary.passedOver = scan.passedOver;
    for (const p of scan.passedOver) progress.warn(`${p.path}: passed over: ${p.reason}`);
    const oldFiles: Record<string, FileEntry> = previous?.files ?? {};
    const named = opts.files && previous ? [...new Set(opts.files)] : undefined;
    const toCheck = named ?? [...present];
    const files: Record<string, FileEntry> = {};
    if (named) for (const [f, e] of Object.entries(oldFiles)) if (!named.includes(f)) files[f] = e;
    for (const f of Object.keys(oldFiles)) if ((named ? named.includes(f) : true) && !present.has(f)) summary.files.removed.push(f);
    for (const f of opts.files ?? []) if (!present.has(f) && !oldFiles[f]) throw new UnknownFileError(f, corpusDir);

    if (previous && summary.files.removed.length === 0 && toCheck.every((f) => unchangedOnDisk(corpusDir, f, oldFiles[f]))) {
      summary.files.unchanged = toCheck.length;
      summary.releases.total = previous.counts.releases;
      summary.skippedParts = Object.values(oldFiles).flatMap((e) => e.skipped);
      summary.boilerplateRemoved = previous.counts.boilerplateRemoved;
      summary.builtAt = engine.stats().builtAt;
      summary.durationMs = Math.round(performance.now() - started);
      progress.stage('done', 'the index is up to date');
      return summary;
    }

    if (!opts.dryRun) mkdirSync(indexDir, { recursive: true });
    const cache = new DraftCache<D>(indexDir, code, (f) => {
      (summary.damagedDrafts ??= []).push(f);
      progress.warn(`${f}: cached drafts fail their checksum; the file is read again`);
    });
    // Only new files (every other one as the last commit saw it): clean them against the saved state.
    const isNew = (f: string) => present.has(f) && (!oldFiles[f] || oldFiles[f].error !== undefined);
    const added = toCheck.filter(isNew);
    if (
      previous?.ingestState !== undefined && summary.files.removed.length === 0 && added.length > 0 &&
      (named ? added.length === toCheck.length : toCheck.every((f) => isNew(f) || unchangedOnDisk(corpusDir, f, oldFiles[f])))
    ) {
      const out = await extendDatabase({
        opts, ingester, engine, code, oldFiles, state: previous.ingestState, oldCounts: previous.counts, added, present, cache, summary, progress,
      });
      if (typeof out === 'string') {
        summary.notExtended = out;
        summary.releases = { added: 0, updated: 0, removed: 0, total: 0 };
      } else {
        summary.extended = true;
        if (summary.files.failed.length > 0 && summary.releases.total === 0) throw new NothingIndexedError(summary);
        summary.durationMs = Math.round(performance.now() - started);
        progress.stage('done', opts.dryRun ? 'dry run: nothing written' : `${summary.releases.total} releases`);
        return summary;
      }
    }

    progress.stage('read', `${toCheck.length} files`);
    const { draftsByFile, changes, skipped } = await collectDrafts({
      corpusDir, toCheck, present, oldFiles, files, cache, ingester,
      full: opts.full ?? false,
      dryRun: opts.dryRun ?? false,
      progress,
      budgetMs: opts.fileBudgetMs,
      jobs: opts.jobs,
    });
    if (changes.workers) summary.workers = changes.workers;
    summary.files = { ...summary.files, added: changes.added, changed: changes.changed, unchanged: changes.unchanged, failed: changes.failed };
    summary.bytesRead = changes.bytesRead;
    summary.skippedParts = skipped;
    progress.stage('finalize', `${[...draftsByFile.values()].reduce((n, d) => n + d.length, 0)} drafts`);
    const allDrafts = [...draftsByFile.values()].flat();
    draftsByFile.clear();
    const finalized = ingester.finalizeWithState ? ingester.finalizeWithState(allDrafts) : { releases: ingester.finalize(allDrafts), state: undefined };
    const hashed = finalized.releases.map((release) => ({ release, hash: releaseHash(release) }));
    for (const { release } of hashed) {
      summary.boilerplateRemoved += release.removed?.length ?? 0;
      for (const s of release.sources) files[s.file]?.releaseIds.includes(release.id) || files[s.file]?.releaseIds.push(release.id);
    }
    progress.stage('index', `${hashed.length} releases`);
    const oldHashes = previous ? last.hashes : new Map<string, string>();
    const { removedIds, changed } = diffReleases(hashed, oldHashes, files, summary);
    if (summary.files.failed.length > 0 && hashed.length === 0) throw new NothingIndexedError(summary);
    if (opts.dryRun) {
      summary.durationMs = Math.round(performance.now() - started);
      progress.stage('done', 'dry run: nothing written');
      return summary;
    }
    const rebuild = previous === undefined;
    await engine.apply({ upserts: rebuild ? hashed : changed, removals: rebuild ? [] : removedIds }, { rebuild });
    progress.stage('write', 'database');
    const stats = await engine.commit({
      corpusDir,
      code,
      files,
      counts: { files: Object.keys(files).length, releases: hashed.length, skippedParts: summary.skippedParts.length, boilerplateRemoved: summary.boilerplateRemoved },
      ingestState: finalized.state,
    });
    cache.prune(new Set(Object.entries(files).map(([f, e]) => cache.key(f, e.hash))));
    summary.builtAt = stats.builtAt;
    summary.durationMs = Math.round(performance.now() - started);
    progress.stage('done', `${hashed.length} releases`);
    return summary;
  } finally {
    await lock?.release();
  }
}
