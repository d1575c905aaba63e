import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { acquireIndexLock } from '../store/index-lock.js';
import { dataBytes, dataFilesOf, MANIFEST_FILE, readManifest, type FileEntry, type Manifest } from '../store/manifest.js';
import { releaseHash } from '../store/release-hash.js';
import { readStoreTable, type PreviousStore } from '../store/release-store-file.js';
import { IndexCorruptError, IndexMissingError, reasonOf } from '../store/store-errors.js';
import { codeVersion } from './code-version.js';
import { diffReleases } from './release-diff.js';
import { collectDrafts } from './collect-drafts.js';
import { scanCorpus } from './corpus-files.js';
import { DraftCache } from './draft-cache.js';
import { unchangedOnDisk } from './unchanged-on-disk.js';
import { extendIndex } from './extend-index.js';
import { cleanFailedRun, startRun } from './leftovers.js';
import type { Ingester } from './ingester.js';
import { openWriter } from './open-writer.js';
import { reindexDatabase } from './reindex-database.js';
import { NothingIndexedError, UnknownFileError, type ReindexOptions, type ReindexProgress, type ReindexSummary } from './reindex-types.js';

export { NothingIndexedError, UnknownFileError, type ReindexOptions, type ReindexProgress, type ReindexSummary } from './reindex-types.js';
export { releaseHash } from '../store/release-hash.js';

const NO_INDEX = 'no index yet';
const NO_PROGRESS: ReindexProgress = { stage: () => {}, file: () => {}, warn: () => {} };


/** Whether a generation's data files are all there at the sizes its manifest recorded. */
export function dataFilesIntact(indexDir: string, m: Manifest): boolean {
  return dataFilesOf(m).every((f) => {
    try {
      return statSync(join(indexDir, f.name)).size === f.bytes;
    } catch {
      return false;
    }
  });
}

/** Why the old index cannot be updated in place (undefined: it can). */
function oldIndexProblem(indexDir: string, code: string): { manifest?: Manifest; reason?: string } {
  try {
    const manifest = readManifest(indexDir);
    if (manifest.codeVersion !== code) return { reason: 'the index was built by another version of the ingest or engine code' };
    return { manifest };
  } catch (err) {
    if (err instanceof IndexMissingError) return { reason: NO_INDEX };
    return { reason: reasonOf(err) };
  }
}

/** Update (or build) the index on disk from the corpus; holds the index lock while writing. */
export async function reindex<D>(opts: ReindexOptions, ingester: Ingester<D>): Promise<ReindexSummary> {
  if (opts.database) {
    const engine = await opts.database();
    try {
      return await reindexDatabase(opts, ingester, engine);
    } finally {
      await engine.close();
    }
  }
  const started = performance.now();
  const progress = opts.progress ?? NO_PROGRESS;
  const { corpusDir, indexDir } = opts;
  if (!opts.dryRun) mkdirSync(indexDir, { recursive: true });
  const lock = opts.dryRun ? undefined : await acquireIndexLock(indexDir, opts.lockWaitMs ?? 0);
  let draftsBefore: Set<string> | undefined;
  try {
    if (lock?.tookOver) progress.warn(`took over the lock of a reindex that died`);
    // under the lock no writer is at work: what is there beyond the served generation is debris
    const start = lock ? startRun(indexDir) : undefined;
    draftsBefore = start?.draftsBefore;
    const code = codeVersion();
    const old: { manifest?: Manifest; reason?: string } = opts.full ? {} : oldIndexProblem(indexDir, code);
    const oldManifest = old.manifest;
    // a first build is no surprise; any other rebuild not asked for is
    if (!opts.full && old.reason) {
      if (old.reason === NO_INDEX) progress.stage('scan', 'building a new index');
      else progress.warn(`full rebuild: ${old.reason}`);
    }
    const summary: ReindexSummary = {
      mode: oldManifest ? 'incremental' : 'full',
      extended: false,
      ...(old.reason ? { reason: old.reason } : {}),
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

    if (start?.removed.files.length) {
      summary.leftoversRemoved = start.removed;
      progress.warn(`removed ${start.removed.files.length} files (${(start.removed.bytes / 1e6).toFixed(1)} MB) an interrupted reindex left behind`);
    }
    progress.stage('scan', corpusDir);
    const scan = scanCorpus(corpusDir);
    const present = new Set(scan.files);
    summary.passedOver = scan.passedOver;
    for (const p of scan.passedOver) progress.warn(`${p.path}: passed over: ${p.reason}`);
    const oldFiles: Record<string, FileEntry> = oldManifest?.files ?? {};
    // Which files to look at: all of them, or (with FILE…) the named ones; the rest keep their entry.
    const toCheck = opts.files && oldManifest ? [...new Set(opts.files)] : [...present];
    const files: Record<string, FileEntry> = {};
    if (opts.files && oldManifest) {
      for (const [f, e] of Object.entries(oldFiles)) if (!toCheck.includes(f)) files[f] = e;
    }
    for (const f of Object.keys(oldFiles)) {
      if ((opts.files && oldManifest ? toCheck.includes(f) : true) && !present.has(f)) summary.files.removed.push(f);
    }

    for (const f of opts.files ?? []) {
      if (!present.has(f) && !oldFiles[f]) throw new UnknownFileError(f, corpusDir);
    }

    // Nothing added, removed or touched since the last run: the index on disk is current.
    if (
      !opts.full && oldManifest && summary.files.removed.length === 0 && dataFilesIntact(indexDir, oldManifest) &&
      toCheck.every((f) => unchangedOnDisk(corpusDir, f, oldFiles[f]))
    ) {
      summary.files.unchanged = toCheck.length;
      summary.releases.total = oldManifest.counts.releases;
      // what the index holds, as the run that built it reported
      summary.skippedParts = Object.values(oldFiles).flatMap((e) => e.skipped);
      summary.boilerplateRemoved = oldManifest.counts.boilerplateRemoved;
      summary.indexBytes = dataBytes(oldManifest);
      summary.durationMs = Math.round(performance.now() - started);
      progress.stage('done', 'the index is up to date');
      return summary;
    }

    const cache = new DraftCache<D>(indexDir, code, (f) => {
      (summary.damagedDrafts ??= []).push(f);
      progress.warn(`${f}: cached drafts fail their checksum; the file is read again`);
    });
    // Only new files (every other one as the index saw it): clean them against the saved state.
    // (With FILE…: when every file named is new; the others are not looked at.)
    const isNew = (f: string) => present.has(f) && (!oldFiles[f] || oldFiles[f].error !== undefined);
    const added = toCheck.filter(isNew);
    if (
      oldManifest && !opts.full && summary.files.removed.length === 0 && added.length > 0 && dataFilesIntact(indexDir, oldManifest) &&
      (opts.files ? added.length === toCheck.length : toCheck.every((f) => isNew(f) || unchangedOnDisk(corpusDir, f, oldFiles[f])))
    ) {
      let out: Awaited<ReturnType<typeof extendIndex>> | undefined;
      try {
        out = await extendIndex({ opts, ingester, old: oldManifest, code, added, present, cache, summary, progress });
      } catch (err) {
        if (!(err instanceof IndexCorruptError)) throw err;
        out = reasonOf(err);
      }
      if (typeof out === 'string') summary.notExtended = out;
      else {
        summary.extended = true;
        const { manifest } = out;
        if (summary.files.failed.length > 0 && summary.releases.total === 0) throw new NothingIndexedError(summary);
        if (manifest) {
          cache.prune(new Set(Object.entries(manifest.files).map(([f, e]) => cache.key(f, e.hash))));
          summary.builtAt = manifest.builtAt;
          summary.indexBytes = dataBytes(manifest) + statSync(join(indexDir, MANIFEST_FILE)).size;
        }
        summary.durationMs = Math.round(performance.now() - started);
        progress.stage('done', manifest ? `${summary.releases.total} releases` : 'dry run: nothing written');
        return summary;
      }
      summary.releases = { added: 0, updated: 0, removed: 0, total: 0 };
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
    summary.files = { ...summary.files, added: changes.added, changed: changes.changed, unchanged: changes.unchanged, failed: changes.failed };
    summary.bytesRead = changes.bytesRead;
    if (changes.workers) summary.workers = changes.workers;
    summary.skippedParts = skipped;

    progress.stage('finalize', `${[...draftsByFile.values()].reduce((n, d) => n + d.length, 0)} drafts`);
    const allDrafts = [...draftsByFile.values()].flat();
    // the drafts (a second copy of every body) are not needed past finalize: let them be collected
    draftsByFile.clear();
    const finalized = ingester.finalizeWithState ? ingester.finalizeWithState(allDrafts, { consume: true }) : { releases: ingester.finalize(allDrafts), state: undefined };
    allDrafts.length = 0;
    const hashed = finalized.releases.map((release) => ({ release, hash: releaseHash(release) }));
    const releaseCount = hashed.length;
    // from here `hashed` alone holds the releases: a full build's commit lets go of each once written
    finalized.releases.length = 0;
    for (const { release } of hashed) {
      summary.boilerplateRemoved += release.removed?.length ?? 0;
      for (const s of release.sources) files[s.file]?.releaseIds.includes(release.id) || files[s.file]?.releaseIds.push(release.id);
    }

    progress.stage('index', `${hashed.length} releases`);
    let oldHashes = new Map<string, string>();
    let previousStore: PreviousStore | undefined;
    if (oldManifest) {
      try {
        if (!dataFilesIntact(indexDir, oldManifest)) throw new Error('a data file of the index is missing or truncated');
        const t = readStoreTable(indexDir, oldManifest.data.storeTable);
        oldHashes = new Map(t.ids.map((id, i) => [id, t.hashes[i] ?? '']));
        previousStore = { table: t, dataFiles: oldManifest.data.storeData };
      } catch (err) {
        summary.mode = 'full';
        summary.reason = reasonOf(err);
        progress.warn(`full rebuild: ${summary.reason}`);
        oldHashes = new Map();
      }
    }
    const { removedIds, changed } = diffReleases(hashed, oldHashes, files, summary);
    if (summary.files.failed.length > 0 && hashed.length === 0) throw new NothingIndexedError(summary);
    if (opts.dryRun) {
      summary.durationMs = Math.round(performance.now() - started);
      progress.stage('done', 'dry run: nothing written');
      return summary;
    }
    // an update stages only what changed; without a readable previous generation, everything
    const write = async (rebuild: boolean) => {
      const engine = await openWriter(opts);
      try {
        // a rebuild's commit writes the releases as it goes: the engine is given the only references
        await engine.apply({ upserts: rebuild ? hashed.splice(0) : changed, removals: rebuild ? [] : removedIds }, { rebuild });
        if (rebuild) changed.length = 0;
        progress.stage('write', indexDir);
        await engine.commit({
          corpusDir,
          code,
          files,
          counts: {
            files: Object.keys(files).length,
            releases: releaseCount,
            skippedParts: summary.skippedParts.length,
            boilerplateRemoved: summary.boilerplateRemoved,
          },
          ingestState: finalized.state,
        });
      } finally {
        await engine.close();
      }
    };
    try {
      await write(previousStore === undefined);
    } catch (err) {
      // an update that meets damage in what it keeps of the previous generation writes everything
      if (previousStore === undefined || !(err instanceof IndexCorruptError)) throw err;
      summary.mode = 'full';
      summary.reason = reasonOf(err);
      progress.warn(`full rebuild: ${summary.reason}`);
      await write(true);
    }
    const manifest = readManifest(indexDir);
    cache.prune(new Set(Object.entries(files).map(([f, e]) => cache.key(f, e.hash))));
    summary.builtAt = manifest.builtAt;
    summary.indexBytes = dataBytes(manifest) + statSync(join(indexDir, MANIFEST_FILE)).size;
    summary.durationMs = Math.round(performance.now() - started);
    progress.stage('done', `${releaseCount} releases`);
    return summary;
  } catch (err) {
    // a failed run takes back what it wrote: data files no manifest names, draft cache entries it added
    if (lock && draftsBefore) cleanFailedRun(indexDir, draftsBefore);
    throw err;
  } finally {
    lock?.release();
  }
}

