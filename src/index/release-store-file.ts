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

/** Where each release sits in the data file, and the hash of its content. */
export interface StoreTable {
  ids: string[];
  offsets: number[];
  lengths: number[];
  hashes: string[];
}

/** Write a generation's release store: a data file of packed releases and its offsets table. */
export function writeReleaseStore(
  indexDir: string,
  generation: string,
  releases: readonly { release: Release; hash: string }[],
): { storeData: DataFile; storeTable: DataFile } {
  const table: StoreTable = { ids: [], offsets: [], lengths: [], hashes: [] };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const { release, hash } of releases) {
    const bytes = packr.pack(release);
    chunks.push(bytes);
    table.ids.push(release.id);
    table.offsets.push(offset);
    table.lengths.push(bytes.length);
    table.hashes.push(hash);
    offset += bytes.length;
  }
  const dataName = `releases-${generation}.dat`;
  const tableName = `releases-${generation}.idx`;
  const dataBytes = writeFileAtomic(indexDir, dataName, chunks);
  const tableBytes = writeFileAtomic(indexDir, tableName, packr.pack(table));
  return { storeData: { name: dataName, bytes: dataBytes }, storeTable: { name: tableName, bytes: tableBytes } };
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
  if (n === undefined || t.offsets?.length !== n || t.lengths?.length !== n || t.hashes?.length !== n) {
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

/** readChecked without blocking the event loop. */
export async function readCheckedAsync(indexDir: string, file: DataFile): Promise<Buffer> {
  let bytes: Buffer;
  try {
    // One read of the whole file in the thread pool (readFile would take many small turns).
    const fh = await open(join(indexDir, file.name), 'r');
    try {
      const size = (await fh.stat()).size;
      bytes = Buffer.allocUnsafe(size);
      let got = 0;
      while (got < size) {
        const { bytesRead } = await fh.read(bytes, got, size - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      bytes = bytes.subarray(0, got);
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

/** The release store on disk: the table in memory, each body read from the data file on demand. */
export class FileReleaseStore implements ReleaseStore {
  private readonly index = new Map<string, number>();
  private fd: number | undefined;

  private constructor(
    private readonly indexDir: string,
    private readonly dataName: string,
    private readonly table: StoreTable,
    fd: number,
  ) {
    this.fd = fd;
    table.ids.forEach((id, i) => this.index.set(id, i));
  }

  /** Open a generation's store; the file descriptor keeps it readable even after the files are replaced. */
  static open(indexDir: string, storeData: DataFile, storeTable: DataFile): FileReleaseStore {
    const table = readStoreTable(indexDir, storeTable);
    let fd: number;
    try {
      fd = openSync(join(indexDir, storeData.name), 'r');
    } catch (err) {
      throw new IndexCorruptError(indexDir, `${storeData.name} cannot be opened (${(err as NodeJS.ErrnoException).code ?? ''})`);
    }
    const size = fstatSync(fd).size;
    const last = table.ids.length - 1;
    const needed = last < 0 ? 0 : (table.offsets[last] ?? 0) + (table.lengths[last] ?? 0);
    if (size !== storeData.bytes || needed > size) {
      closeSync(fd);
      throw new IndexCorruptError(indexDir, `${storeData.name} has ${size} bytes, expected ${storeData.bytes} (truncated?)`);
    }
    return new FileReleaseStore(indexDir, storeData.name, table, fd);
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
    if (this.fd === undefined) throw new Error(`release store ${this.dataName} is closed`);
    const offset = this.table.offsets[i] ?? 0;
    const length = this.table.lengths[i] ?? 0;
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd, buf, got, length - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    try {
      if (got !== length) throw new Error(`short read at ${offset}`);
      return packr.unpack(buf) as Release;
    } catch (err) {
      throw new IndexCorruptError(this.indexDir, `${this.dataName}: release ${id} cannot be decoded (${(err as Error).message})`);
    }
  }

  /** Release the file descriptor; later `get` calls throw. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
