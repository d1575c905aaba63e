import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Packr } from 'msgpackr';
import type { Release } from '../clean/release.js';
import { writeFileAtomic } from './atomic-write.js';
import { IndexCorruptError } from './index-errors.js';
import type { ReleaseStore } from './loaded-index.js';
import type { DataFile } from './manifest.js';

// Plain msgpack (no shared structures): every record decodes on its own.
// variableMapSize: objects of more than 65,535 keys (a large corpus) serialize too
const packr = new Packr({ useRecords: false, variableMapSize: true });

/** Where each release sits in the data files, and the hash of its content. */
export interface StoreTable {
  ids: string[];
  /** Which of the generation's data files (by position in the manifest's list). */
  files: number[];
  offsets: number[];
  lengths: number[];
  hashes: string[];
}

/** A release of a generation's store: its record is only needed when it is new or changed. */
export interface StoreEntry {
  id: string;
  hash: string;
  release?: Release;
}

/** The store a generation is written over: unchanged releases stay where they are. */
export interface PreviousStore {
  table: StoreTable;
  dataFiles: readonly DataFile[];
}

// An update appends a data file of the releases that changed; once this many files exist, or
// less than half of their bytes are still read, the live records are copied into one file.
const MAX_DATA_FILES = 8;
const MIN_LIVE_SHARE = 0.5;

/**
 * Write a generation's release store: a data file of the packed releases that are new or changed
 * (unchanged ones keep their place in the previous generation's files), and the table of where
 * each one is. Data files are never modified, so a reader of the previous generation is unaffected.
 */
export function writeReleaseStore(
  indexDir: string,
  generation: string,
  releases: readonly StoreEntry[],
  previous?: PreviousStore | undefined,
): { storeData: DataFile[]; storeTable: DataFile } {
  const before = new Map<string, number>();
  previous?.table.ids.forEach((id, i) => before.set(id, i));
  const dataName = `releases-${generation}.dat`;
  const kept = previous ? [...previous.dataFiles] : [];
  const newFile = kept.length;
  const table: StoreTable = { ids: [], files: [], offsets: [], lengths: [], hashes: [] };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const { id, hash, release } of releases) {
    const i = before.get(id);
    table.ids.push(id);
    table.hashes.push(hash);
    if (previous && i !== undefined && previous.table.hashes[i] === hash) {
      table.files.push(previous.table.files[i]!);
      table.offsets.push(previous.table.offsets[i]!);
      table.lengths.push(previous.table.lengths[i]!);
      continue;
    }
    if (!release) throw new Error(`release ${id} is new or changed but was not given`);
    const bytes = packr.pack(release);
    chunks.push(bytes);
    table.files.push(newFile);
    table.offsets.push(offset);
    table.lengths.push(bytes.length);
    offset += bytes.length;
  }
  // Decided before anything is written: either the new records go to one appended file, or every
  // live record (old ones copied as bytes, new ones from memory) goes to one compacted file.
  const files = kept.length + (chunks.length > 0 || kept.length === 0 ? 1 : 0);
  const live = table.lengths.reduce((n, l) => n + l, 0);
  const total = kept.reduce((n, f) => n + f.bytes, 0) + offset;
  let dataFiles: DataFile[];
  if (kept.length > 0 && (files > MAX_DATA_FILES || live < MIN_LIVE_SHARE * total)) {
    dataFiles = [{ name: dataName, bytes: writeFileAtomic(indexDir, dataName, compacted(indexDir, table, kept, Buffer.concat(chunks))) }];
  } else {
    dataFiles = files > kept.length ? [...kept, { name: dataName, bytes: writeFileAtomic(indexDir, dataName, chunks) }] : kept;
  }
  const tableName = `releases-${generation}.idx`;
  const tableBytes = writeFileAtomic(indexDir, tableName, packr.pack(table));
  return { storeData: dataFiles, storeTable: { name: tableName, bytes: tableBytes } };
}

/**
 * Every live record in table order, for one compacted file: those in the previous data files read
 * as bytes (nothing decoded), those in `pending` (the position after them) taken from memory.
 * Points the table at the new file.
 */
function compacted(indexDir: string, table: StoreTable, dataFiles: readonly DataFile[], pending: Buffer): Uint8Array[] {
  const fds = dataFiles.map((f) => openSync(join(indexDir, f.name), 'r'));
  try {
    const chunks: Uint8Array[] = [];
    let offset = 0;
    for (let i = 0; i < table.ids.length; i++) {
      const file = table.files[i]!;
      const at = table.offsets[i]!;
      const length = table.lengths[i]!;
      const bytes = file === dataFiles.length ? pending.subarray(at, at + length) : readRange(fds[file]!, at, length);
      if (bytes.length !== length) throw new IndexCorruptError(indexDir, `${dataFiles[file]?.name ?? 'a new record'} is shorter than its table says`);
      chunks.push(bytes);
      table.files[i] = 0;
      table.offsets[i] = offset;
      offset += length;
    }
    return chunks;
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}

/** Up to `length` bytes at `offset` (fewer only at the end of the file). */
function readRange(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, offset + got);
    if (n === 0) break;
    got += n;
  }
  return got === length ? buf : buf.subarray(0, got);
}

/** Read a store's offsets table, checking it against the manifest's size. */
export function readStoreTable(indexDir: string, file: DataFile): StoreTable {
  const bytes = readChecked(indexDir, file);
  let t: StoreTable;
  try {
    t = packr.unpack(bytes) as StoreTable;
  } catch (err) {
    throw new IndexCorruptError(indexDir, `${file.name} cannot be decoded (${(err as Error).message})`);
  }
  const n = t?.ids?.length;
  if (n === undefined || t.files?.length !== n || t.offsets?.length !== n || t.lengths?.length !== n || t.hashes?.length !== n) {
    throw new IndexCorruptError(indexDir, `${file.name} is inconsistent`);
  }
  return t;
}

/** Read a whole data file, or say clearly that it is missing or truncated. */
export function readChecked(indexDir: string, file: DataFile): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(indexDir, file.name));
  } catch (err) {
    throw new IndexCorruptError(indexDir, `${file.name} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (bytes.length !== file.bytes) {
    throw new IndexCorruptError(indexDir, `${file.name} has ${bytes.length} bytes, the manifest says ${file.bytes} (truncated?)`);
  }
  return bytes;
}

const READ_PARTS = 4;
const PARALLEL_READ_MIN = 16 * 1024 * 1024;

/** readChecked without blocking the event loop. */
export async function readCheckedAsync(indexDir: string, file: DataFile): Promise<Buffer> {
  let bytes: Buffer;
  try {
    // Large reads in the thread pool, a few at once: filling a fresh buffer is mostly page faults,
    // which two cores take in parallel (a 255 MB engine file: 1.0 -> 0.6 s). readFile would take
    // many small turns.
    const fh = await open(join(indexDir, file.name), 'r');
    try {
      const size = (await fh.stat()).size;
      const buf = Buffer.allocUnsafe(size);
      const parts = size > PARALLEL_READ_MIN ? READ_PARTS : 1;
      const step = Math.ceil(size / parts);
      const got = await Promise.all(
        Array.from({ length: parts }, async (_, k) => {
          const start = k * step;
          const end = Math.min(size, start + step);
          let at = start;
          while (at < end) {
            const { bytesRead } = await fh.read(buf, at, end - at, at);
            if (bytesRead === 0) break;
            at += bytesRead;
          }
          return at - start;
        }),
      );
      // a part that came up short (the file shrank meanwhile) makes the size check below fail
      const total = got.reduce((n, g) => n + g, 0);
      bytes = total === size ? buf : buf.subarray(0, total);
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new IndexCorruptError(indexDir, `${file.name} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (bytes.length !== file.bytes) {
    throw new IndexCorruptError(indexDir, `${file.name} has ${bytes.length} bytes, the manifest says ${file.bytes} (truncated?)`);
  }
  return bytes;
}

/** The release store on disk: the table in memory, each release read from its data file on demand. */
export class FileReleaseStore implements ReleaseStore {
  private readonly index = new Map<string, number>();
  private fds: number[] | undefined;

  private constructor(
    private readonly indexDir: string,
    private readonly dataFiles: readonly DataFile[],
    private readonly table: StoreTable,
    fds: number[],
  ) {
    this.fds = fds;
    table.ids.forEach((id, i) => this.index.set(id, i));
  }

  /** Open a generation's store; the file descriptors keep it readable even after the files are replaced. */
  static open(indexDir: string, storeData: readonly DataFile[], storeTable: DataFile): FileReleaseStore {
    const table = readStoreTable(indexDir, storeTable);
    const fds: number[] = [];
    const fail = (message: string): never => {
      for (const fd of fds) closeSync(fd);
      throw new IndexCorruptError(indexDir, message);
    };
    for (const f of storeData) {
      try {
        fds.push(openSync(join(indexDir, f.name), 'r'));
      } catch (err) {
        fail(`${f.name} cannot be opened (${(err as NodeJS.ErrnoException).code ?? ''})`);
      }
      const size = fstatSync(fds[fds.length - 1]!).size;
      if (size !== f.bytes) fail(`${f.name} has ${size} bytes, expected ${f.bytes} (truncated?)`);
    }
    // every record inside its file
    for (let i = 0; i < table.ids.length; i++) {
      const f = storeData[table.files[i]!];
      if (!f || table.offsets[i]! + table.lengths[i]! > f.bytes) fail(`${storeTable.name} points past the end of its data files (truncated?)`);
    }
    return new FileReleaseStore(indexDir, storeData, table, fds);
  }

  get size(): number {
    return this.table.ids.length;
  }

  ids(): Iterable<string> {
    return this.table.ids;
  }

  /** Content hash of a stored release (what reindex compares). */
  hashOf(id: string): string | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.table.hashes[i];
  }

  get(id: string): Release | undefined {
    const i = this.index.get(id);
    if (i === undefined) return undefined;
    const file = this.dataFiles[this.table.files[i]!]!.name;
    if (this.fds === undefined) throw new Error(`release store ${file} is closed`);
    const offset = this.table.offsets[i] ?? 0;
    const length = this.table.lengths[i] ?? 0;
    const buf = readRange(this.fds[this.table.files[i]!]!, offset, length);
    try {
      if (buf.length !== length) throw new Error(`short read at ${offset}`);
      return packr.unpack(buf) as Release;
    } catch (err) {
      throw new IndexCorruptError(this.indexDir, `${file}: release ${id} cannot be decoded (${(err as Error).message})`);
    }
  }

  /** Release the file descriptors; later `get` calls throw. */
  close(): void {
    for (const fd of this.fds ?? []) closeSync(fd);
    this.fds = undefined;
  }
}
