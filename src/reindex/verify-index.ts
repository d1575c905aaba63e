import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyEngineData } from '../engine/open-engine.js';
import { openSealed } from '../store/checksum.js';
import { readIngestState } from '../store/ingest-state-file.js';
import { dataFilesOf, MANIFEST_FILE, readManifest, type Manifest } from '../store/manifest.js';
import { FileReleaseStore } from '../store/release-store-file.js';
import { IndexCorruptError, IndexError, reasonOf } from '../store/store-errors.js';
import { codeVersion } from './code-version.js';
import { DraftCache, DRAFTS_DIR } from './draft-cache.js';

/** What `reindex --verify` found. */
export interface VerifyReport {
  indexDir: string;
  generation?: string;
  /** Releases whose records were read and checked. */
  releases: number;
  /** The files checked, in order. */
  checked: string[];
  /** What is damaged: the index must be rebuilt (`fix` says how). */
  damaged: string[];
  /** Damaged cache entries: not the index; the next reindex deletes them and reads the corpus file again. */
  cache: string[];
  fix?: string;
}

// Past this many damaged records of one file, the rest are counted, not listed.
const LIST_RECORDS = 20;

const detailOf = (err: unknown) => (err instanceof IndexCorruptError ? err.detail : reasonOf(err));

/**
 * Check an index without rebuilding or changing it: the manifest, the store's table and every
 * record of every data file (checksum and decoding), the engine file and its delta (through the
 * engine), the cleaning state, and the draft cache's entries.
 */
export function verifyIndex(indexDir: string): VerifyReport {
  const report: VerifyReport = { indexDir, releases: 0, checked: [MANIFEST_FILE], damaged: [], cache: [] };
  let manifest: Manifest;
  try {
    manifest = readManifest(indexDir);
  } catch (err) {
    report.damaged.push(detailOf(err));
    if (err instanceof IndexError) report.fix = err.fix;
    return report;
  }
  report.generation = manifest.generation;
  report.checked.push(...dataFilesOf(manifest).map((f) => f.name));

  let store: FileReleaseStore | undefined;
  try {
    store = FileReleaseStore.open(indexDir, manifest.data.storeData, manifest.data.storeTable);
  } catch (err) {
    report.damaged.push(detailOf(err));
  }
  try {
    if (store) checkRecords(store, report);
    report.damaged.push(...verifyEngineData(indexDir, manifest, store).filter((p) => !report.damaged.includes(p)));
  } finally {
    store?.close();
  }
  if (manifest.data.finalize) {
    try {
      readIngestState(indexDir, manifest.data.finalize);
    } catch (err) {
      report.damaged.push(detailOf(err));
    }
  }
  report.cache = damagedDrafts(indexDir, manifest);
  if (report.damaged.length > 0) report.fix = new IndexCorruptError(indexDir, '').fix;
  return report;
}

/** Read every record: its checksum and that it decodes. */
function checkRecords(store: FileReleaseStore, report: VerifyReport): void {
  const perFile = new Map<string, number>();
  for (const id of store.ids()) {
    report.releases++;
    try {
      store.get(id);
    } catch (err) {
      const detail = detailOf(err);
      const file = detail.split(':')[0]!;
      const n = (perFile.get(file) ?? 0) + 1;
      perFile.set(file, n);
      if (n <= LIST_RECORDS) report.damaged.push(detail);
    }
  }
  for (const [file, n] of perFile) if (n > LIST_RECORDS) report.damaged.push(`${file}: ${n - LIST_RECORDS} more damaged releases`);
}

/** Cache entries that fail their checksum, named by their corpus file where the manifest knows it. */
function damagedDrafts(indexDir: string, manifest: Manifest): string[] {
  let names: string[];
  try {
    names = readdirSync(join(indexDir, DRAFTS_DIR)).filter((n) => n.endsWith('.mp'));
  } catch {
    return [];
  }
  const cache = new DraftCache(indexDir, codeVersion());
  const fileOf = new Map(Object.entries(manifest.files).map(([f, e]) => [cache.key(f, e.hash), f]));
  const out: string[] = [];
  for (const n of names) {
    // only entries of this code version are ever read; others are pruned by the next reindex
    const file = fileOf.get(n);
    if (file === undefined) continue;
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(indexDir, DRAFTS_DIR, n));
    } catch {
      continue;
    }
    if (openSealed(bytes) === undefined) out.push(`${DRAFTS_DIR}/${n} (cached drafts of ${file}) fails its checksum`);
  }
  return out;
}

/** The report as lines for a person. */
export function formatVerifyReport(r: VerifyReport): string {
  const lines = [`index ${r.indexDir}${r.generation ? `, generation ${r.generation}` : ''}: checked ${r.checked.join(', ')} (${r.releases} release records)`];
  for (const d of r.damaged) lines.push(`damaged: ${d}`);
  for (const c of r.cache) lines.push(`cache: ${c}; the next reindex deletes it and reads the file again`);
  lines.push(r.damaged.length === 0 ? 'the index is sound' : `${r.damaged.length} problem${r.damaged.length === 1 ? '' : 's'} found; ${r.fix ?? ''}`);
  return `${lines.join('\n')}\n`;
}
