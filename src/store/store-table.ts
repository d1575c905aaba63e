import { Packr } from 'msgpackr';
import { readChecked } from './checked-read.js';
import { unsealed } from './checksum.js';
import type { DataFile } from './manifest.js';
import type { RecordPlace } from './release-record.js';
import { IndexCorruptError } from './store-errors.js';

/** Where each release sits in the data files, and the hash of its content. */
export interface StoreTable {
  ids: string[];
  /** Which of the generation's data files (by position in the manifest's list). */
  files: number[] | Int32Array;
  offsets: number[] | Float64Array;
  lengths: number[] | Int32Array;
  /** Bytes of each record's head and of its body (release-record.ts). */
  heads: number[] | Int32Array;
  bodies: number[] | Int32Array;
  /** Three CRC-32s a record, one per checksummed section, checked whenever it is read. */
  crcs: number[] | Uint32Array;
  hashes: string[];
}

/** A table being built. */
export type PlainTable = { [K in keyof StoreTable]: StoreTable[K] extends string[] ? string[] : number[] };

export const emptyTable = (): PlainTable => ({ ids: [], files: [], offsets: [], lengths: [], heads: [], bodies: [], crcs: [], hashes: [] });

/** A new record's row: `bytes` long at `offset` of data file `file`, with its sections and CRCs. */
export function addRow(to: PlainTable, file: number, offset: number, id: string, hash: string, r: RecordPlace): void {
  to.ids.push(id);
  to.hashes.push(hash);
  to.files.push(file);
  to.offsets.push(offset);
  to.lengths.push(r.length);
  to.heads.push(r.head);
  to.bodies.push(r.body);
  to.crcs.push(r.crcs[0]!, r.crcs[1]!, r.crcs[2]!);
}

/** Record i of `from` appended to `to` as it is (same file, same place). */
export function keepRow(to: PlainTable, from: StoreTable, i: number): void {
  to.ids.push(from.ids[i]!);
  to.hashes.push(from.hashes[i]!);
  to.files.push(from.files[i]!);
  to.offsets.push(from.offsets[i]!);
  to.lengths.push(from.lengths[i]!);
  to.heads.push(from.heads[i]!);
  to.bodies.push(from.bodies[i]!);
  to.crcs.push(from.crcs[3 * i]!, from.crcs[3 * i + 1]!, from.crcs[3 * i + 2]!);
}

// On disk: ids and hashes as one string each and the numbers as typed arrays, which decode in a
// few milliseconds where 100,000 separate strings and numbers took 190 ms (and as much again in
// garbage collection). The table file ends with its own CRC-32 (checksum.ts).
const tablePackr = new Packr({ useRecords: false, moreTypes: true });
const SEPARATOR = '\n';

export function packTable(t: StoreTable): Uint8Array {
  return tablePackr.pack({
    ids: t.ids.join(SEPARATOR),
    hashes: t.hashes.join(SEPARATOR),
    files: Int32Array.from(t.files),
    offsets: Float64Array.from(t.offsets),
    lengths: Int32Array.from(t.lengths),
    heads: Int32Array.from(t.heads),
    bodies: Int32Array.from(t.bodies),
    crcs: Uint32Array.from(t.crcs),
  });
}

function unpackTable(bytes: Uint8Array): StoreTable | undefined {
  const v = tablePackr.unpack(bytes) as Partial<Record<keyof StoreTable, unknown>>;
  if (typeof v?.ids !== 'string' || typeof v.hashes !== 'string') return undefined;
  const ints = [v.files, v.lengths, v.heads, v.bodies];
  if (!ints.every((a) => a instanceof Int32Array) || !(v.offsets instanceof Float64Array && v.crcs instanceof Uint32Array)) return undefined;
  const split = (x: string) => (x === '' ? [] : x.split(SEPARATOR));
  return { ids: split(v.ids), hashes: split(v.hashes), files: v.files as Int32Array, offsets: v.offsets, lengths: v.lengths as Int32Array, heads: v.heads as Int32Array, bodies: v.bodies as Int32Array, crcs: v.crcs };
}

/** Read a store's offsets table, checking it against the manifest's size and its checksum. */
export function readStoreTable(indexDir: string, file: DataFile): StoreTable {
  const bytes = unsealed(indexDir, file.name, readChecked(indexDir, file));
  let t: StoreTable | undefined;
  try {
    t = unpackTable(bytes);
  } catch (err) {
    throw new IndexCorruptError(indexDir, `${file.name} cannot be decoded (${(err as Error).message})`);
  }
  const n = t?.ids?.length;
  const sized = (a: ArrayLike<unknown>, k = 1) => a.length === k * n!;
  if (t === undefined || n === undefined || ![t.files, t.offsets, t.lengths, t.heads, t.bodies, t.hashes].every((a) => sized(a)) || !sized(t.crcs, 3)) {
    throw new IndexCorruptError(indexDir, `${file.name} is inconsistent`);
  }
  for (let i = 0; i < n; i++) {
    if (t.heads[i]! < 0 || t.bodies[i]! < 0 || t.heads[i]! + t.bodies[i]! > t.lengths[i]!) throw new IndexCorruptError(indexDir, `${file.name} is inconsistent`);
  }
  return t;
}
