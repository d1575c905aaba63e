import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Release } from '../clean/release.js';
import { writeFileAtomic } from './atomic-write.js';
import { sealed } from './checksum.js';
import { decodeLead, decodeRelease, leadEnd, packRecord, sectionsSound, type LeadPart, type ReleaseLead } from './release-record.js';
import { addRow, emptyTable, keepRow, packTable, readStoreTable, type PlainTable, type StoreTable } from './store-table.js';

export { readChecked, readCheckedAsync } from './checked-read.js';
import { IndexCorruptError } from './store-errors.js';
import type { ReleaseStore } from './release-store.js';
import type { DataFile } from './manifest.js';

export { readStoreTable, type StoreTable } from './store-table.js';

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

/** A store table being built, and the packed records of the new data file. */
interface Planned {
  table: PlainTable;
  chunks: Uint8Array[];
  bytes: number;
}

function addRecord(p: Planned, file: number, id: string, hash: string, release: Release | undefined): void {
  if (!release) throw new Error(`release ${id} is new or changed but was not given`);
  const packed = packRecord(release);
  p.chunks.push(packed.bytes);
  addRow(p.table, file, p.bytes, id, hash, packed);
  p.bytes += packed.bytes.length;
}

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
  const newFile = previous?.dataFiles.length ?? 0;
  const p: Planned = { table: emptyTable(), chunks: [], bytes: 0 };
  for (const { id, hash, release } of releases) {
    const i = before.get(id);
    if (previous && i !== undefined && previous.table.hashes[i] === hash) keepRow(p.table, previous.table, i);
    else addRecord(p, newFile, id, hash, release);
  }
  return writePlanned(indexDir, generation, p, previous);
}

/**
 * writeReleaseStore for an update that names only what changed: `upserts` (new or changed
 * releases) and `removed` ids; every other release of the previous store stays as it is.
 */
export function updateReleaseStore(
  indexDir: string,
  generation: string,
  previous: PreviousStore,
  upserts: readonly { id: string; hash: string; release: Release }[],
  removed: readonly string[],
): { storeData: DataFile[]; storeTable: DataFile } {
  const gone = new Set([...removed, ...upserts.map((u) => u.id)]);
  const p: Planned = { table: emptyTable(), chunks: [], bytes: 0 };
  const t = previous.table;
  for (let i = 0; i < t.ids.length; i++) if (!gone.has(t.ids[i]!)) keepRow(p.table, t, i);
  for (const u of upserts) addRecord(p, previous.dataFiles.length, u.id, u.hash, u.release);
  return writePlanned(indexDir, generation, p, previous);
}

function writePlanned(indexDir: string, generation: string, p: Planned, previous: PreviousStore | undefined): { storeData: DataFile[]; storeTable: DataFile } {
  const dataName = `releases-${generation}.dat`;
  const kept = previous ? [...previous.dataFiles] : [];
  const { table, chunks } = p;
  // Decided before anything is written: either the new records go to one appended file, or every
  // live record (old ones copied as bytes, new ones from memory) goes to one compacted file.
  const files = kept.length + (chunks.length > 0 || kept.length === 0 ? 1 : 0);
  const live = table.lengths.reduce((n, l) => n + l, 0);
  const total = kept.reduce((n, f) => n + f.bytes, 0) + p.bytes;
  let dataFiles: DataFile[];
  if (kept.length > 0 && (files > MAX_DATA_FILES || live < MIN_LIVE_SHARE * total)) {
    dataFiles = [{ name: dataName, bytes: writeFileAtomic(indexDir, dataName, compacted(indexDir, table, kept, Buffer.concat(chunks))) }];
  } else {
    dataFiles = files > kept.length ? [...kept, { name: dataName, bytes: writeFileAtomic(indexDir, dataName, chunks) }] : kept;
  }
  const tableName = `releases-${generation}.idx`;
  const tableBytes = writeFileAtomic(indexDir, tableName, sealed(packTable(table)));
  return { storeData: dataFiles, storeTable: { name: tableName, bytes: tableBytes } };
}

/**
 * Every live record in table order, for one compacted file: those in the previous data files read
 * as bytes (nothing decoded, but checked against their CRC: damage is never copied on), those in
 * `pending` (the position after them) taken from memory. Points the table at the new file.
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
      if (file !== dataFiles.length && !sectionsSound(bytes, table.heads[i]!, table.bodies[i]!, length, table.crcs, 3 * i)) throw new IndexCorruptError(indexDir, `${dataFiles[file]!.name}: release ${table.ids[i]} fails its checksum`);
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
  const got = readInto(fd, buf, offset, length);
  return got === length ? buf : buf.subarray(0, got);
}

/** Read `length` bytes at `offset` into the start of `buf`; how many there were. */
function readInto(fd: number, buf: Buffer, offset: number, length: number): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, offset + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** The release store on disk: the table in memory, each release read from its data file on demand. */
export class FileReleaseStore implements ReleaseStore {
  private readonly index = new Map<string, number>();
  private fds: number[] | undefined;
  private scratch = Buffer.allocUnsafe(16 * 1024);

  private constructor(
    private readonly indexDir: string,
    private readonly dataFiles: readonly DataFile[],
    /** Where each release is (read-only: an update writes a new table). */
    readonly table: StoreTable,
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
    return this.decoded(i, this.table.lengths[i]!, (bytes) => decodeRelease(bytes, this.table.heads[i]!, this.table.bodies[i]!));
  }

  /** The fields a list shows and the start of the body, reading (and checking) only those bytes of the record. */
  lead(id: string, part: LeadPart): ReleaseLead | undefined {
    const i = this.index.get(id);
    if (i === undefined) return undefined;
    const [head, body] = [this.table.heads[i]!, this.table.bodies[i]!];
    return this.decoded(i, leadEnd(head, body, part), (bytes) => decodeLead(bytes, head, body));
  }

  /** The first `length` bytes of record i (a section's end), checked, then decoded. */
  private decoded<T>(i: number, length: number, decode: (bytes: Buffer) => T): T {
    const id = this.table.ids[i]!;
    const file = this.dataFiles[this.table.files[i]!]!.name;
    if (this.fds === undefined) throw new Error(`release store ${file} is closed`);
    const offset = this.table.offsets[i] ?? 0;
    // one buffer reused for every read (decoding copies out what it keeps): a list of 100,000
    // releases would otherwise leave 100,000 buffers for the collector
    if (this.scratch.length < length) this.scratch = Buffer.allocUnsafe(Math.max(length, 2 * this.scratch.length));
    const got = readInto(this.fds[this.table.files[i]!]!, this.scratch, offset, length);
    if (got !== length) throw new IndexCorruptError(this.indexDir, `${file}: release ${id} is cut short at ${offset + got} (truncated?)`);
    const bytes = this.scratch.subarray(0, length);
    // a few microseconds a record: damage is answered as damage, never served as text
    if (!sectionsSound(bytes, this.table.heads[i]!, this.table.bodies[i]!, this.table.lengths[i]!, this.table.crcs, 3 * i)) {
      throw new IndexCorruptError(this.indexDir, `${file}: release ${id} fails its checksum (its bytes were changed after it was written)`);
    }
    try {
      return decode(bytes);
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
