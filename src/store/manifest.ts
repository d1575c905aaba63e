import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Skipped } from '../filing/filing-part.js';
import { writeFileAtomic } from './atomic-write.js';
import { IndexCorruptError, IndexMissingError, IndexVersionError } from './store-errors.js';
import { TOKENIZER_VERSION } from '../analysis/terms.js';

/**
 * Bump when the layout of the files in the index directory changes.
 * 5: checksums (the store's records, its table, the engine file, its delta, the cleaning state).
 * 6: filing identity (sources carry CIK, accession, form, filing date; the engine stores cik and forms).
 * 7: entities (releases carry the codes, trials, phases and brands they name; the engine stores codes, trials and phases).
 * 8: release records in three checksummed sections (head, body, rest): a list reads only a record's head and body start.
 */
export const INDEX_FORMAT_VERSION = 8;
export const MANIFEST_FILE = 'manifest.json';

/** One data file of a generation, with what lets a reader detect truncation. */
export interface DataFile {
  name: string;
  bytes: number;
}

/** What the index knows about one corpus file. */
export interface FileEntry {
  /** sha256 of the file's bytes. */
  hash: string;
  bytes: number;
  /** Modification time when hashed: same size and mtime means unchanged without reading it. */
  mtimeMs: number;
  /** Releases this file is a source of (after merging). */
  releaseIds: string[];
  /** Releases ingest found in the file before corpus-level merging. */
  drafts: number;
  skipped: Skipped[];
  /** Set when the file could not be read or ingested at all. */
  error?: string;
}

/** The index's table of contents; written last, so it always describes complete files. */
export interface Manifest {
  formatVersion: number;
  tokenizerVersion: number;
  /** Fingerprint of the ingest and engine code: a change means the index is stale. */
  codeVersion: string;
  builtAt: string;
  generation: string;
  options: { corpusDir: string };
  counts: { files: number; releases: number; skippedParts: number; boilerplateRemoved: number };
  files: Record<string, FileEntry>;
  /**
   * storeData: the release store's data files, oldest first (an update appends one).
   * engineDelta: releases to take out of and put into the engine file's (engine-delta.ts).
   * finalize: the ingester's state for cleaning new files without the whole corpus.
   */
  data: { engine: DataFile; engineDelta?: DataFile; storeData: DataFile[]; storeTable: DataFile; finalize?: DataFile };
}

/** Read the manifest; distinguishes missing, unreadable and other-version indexes. */
export function readManifest(indexDir: string): Manifest {
  let text: string;
  try {
    text = readFileSync(join(indexDir, MANIFEST_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new IndexMissingError(indexDir);
    throw new IndexCorruptError(indexDir, `${MANIFEST_FILE} cannot be read (${(err as Error).message})`);
  }
  let m: Partial<Manifest>;
  try {
    m = JSON.parse(text) as Partial<Manifest>;
  } catch {
    throw new IndexCorruptError(indexDir, `${MANIFEST_FILE} is not valid JSON`);
  }
  if (typeof m !== 'object' || m === null) throw new IndexCorruptError(indexDir, `${MANIFEST_FILE} is not an object`);
  if (m.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new IndexVersionError(indexDir, `has format version ${String(m.formatVersion)}, this build reads ${INDEX_FORMAT_VERSION}`);
  }
  if (m.tokenizerVersion !== TOKENIZER_VERSION) {
    throw new IndexVersionError(indexDir, `was built with tokenizer version ${String(m.tokenizerVersion)}, this build uses ${TOKENIZER_VERSION}`);
  }
  if (!m.data?.engine || !Array.isArray(m.data.storeData) || !m.data.storeTable || !m.files || !m.generation || !m.builtAt || !m.counts) {
    throw new IndexCorruptError(indexDir, `${MANIFEST_FILE} lacks required fields`);
  }
  return m as Manifest;
}

/** Write the manifest atomically: the moment a new generation becomes visible. */
export function writeManifest(indexDir: string, manifest: Manifest): void {
  writeFileAtomic(indexDir, MANIFEST_FILE, new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`));
}

/** Every data file a generation uses. */
export function dataFilesOf(m: Manifest): DataFile[] {
  const d = m.data;
  return [d.engine, ...(d.engineDelta ? [d.engineDelta] : []), ...d.storeData, d.storeTable, ...(d.finalize ? [d.finalize] : [])];
}

/** Bytes of a generation's data files. */
export function dataBytes(m: Manifest): number {
  return dataFilesOf(m).reduce((n, f) => n + f.bytes, 0);
}
