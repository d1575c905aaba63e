import type { Options } from 'minisearch';
import { Packr } from 'msgpackr';
import { TermIndex, type FieldPostings } from './term-index.js';
import { PairFilters } from './pair-filter.js';
import { PostingMap, type PostingColumns } from './posting-map.js';
import { CHECKSUM_BYTES, crc32Of } from '../../store/checksum.js';

/**
 * The search engine's file: MiniSearch's term index written as typed-array columns, read back as
 * views (PostingMap) instead of tens of millions of Map entries.
 *
 *   "PRSE" | u32 format | u32 meta length | meta (msgpack) | padding to 4 |
 *   docs Int32[P] | entry starts Uint32[E+1] | filter offsets Uint32[R+1] | filters Uint32[W] |
 *   freqs Uint16[P] | entry fields Uint8[E] | entries per term Uint8[T] | terms (UTF-8, NUL-separated) |
 *   u32 CRC-32 of every byte before it
 *
 * P postings, E (term, field) entries, T terms, R release numbers, W words of the releases' pair
 * filters (pair-filter.ts). Postings and filters of discarded releases are left out, so a saved
 * engine carries no dirt. The CRC is checked at every load (about 0.5 ms a MB: 130 ms of a 255 MB
 * file), so flipped bytes are refused as damage, never read as postings.
 */
export const ENGINE_FILE_FORMAT = 4;
const MAGIC = 'PRSE';
// A term frequency beyond this is stored as this: BM25 saturates long before.
const MAX_FREQ = 0xffff;

const packr = new Packr({ useRecords: false, variableMapSize: true });

/** What the engine keeps beside MiniSearch's own data. */
export interface EngineExtras {
  tokenizerVersion: number;
  display: Record<string, string>;
}

/** The header: the per-release tables as they are, the columns by their lengths. */
interface Meta
  extends EngineExtras,
    Pick<EngineContents, 'fieldIds' | 'averageFieldLength' | 'nextId' | 'documentCount' | 'shortIds' | 'ids' | 'fieldLengths' | 'stored'> {
  terms: number;
  entries: number;
  postings: number;
  termBytes: number;
  filterWords: number;
}

/** Thrown when the bytes are not an engine file this build can read. */
export class EngineFileError extends Error {
  /** `format`: a file of another format (written by another version), not a damaged one. */
  constructor(message: string, readonly kind: 'format' | 'damaged' = 'damaged') {
    super(message);
  }
}

/** One term's postings in one field: release numbers ascending, with term frequencies. */
export interface FieldPosting {
  field: number;
  docs: Int32Array;
  freqs: Uint16Array;
}

/** What an engine file holds, gathered from a MiniSearch instance or from the bulk builder. */
export interface EngineContents {
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  nextId: number;
  documentCount: number;
  /** The releases: number, id, field lengths and stored fields, in the same order. */
  shortIds: number[];
  ids: string[];
  fieldLengths: number[][];
  stored: Record<string, unknown>[];
  /** Terms in the order they are to be inserted on loading, each with its non-empty postings. */
  terms: string[];
  postings: FieldPosting[][];
  /** A release's pair filter (only asked for releases listed above). */
  filter(doc: number): Uint32Array;
  /**
   * Every posting's releases and frequencies, one after another in the order of `postings`
   * (each posting's arrays are views of these): written as they are, not copied (a full build's
   * largest arrays).
   */
  laidOut?: { docs: Int32Array; freqs: Uint16Array };
}

/** Serialize a MiniSearch instance, the releases' pair filters and the engine's extras, as chunks. */
export function writeEngineFile<T>(ms: TermIndex<T>, filters: PairFilters, extras: EngineExtras): Uint8Array[] {
  const m = ms.internals;
  const alive = new Uint8Array(m._nextId + 1);
  const c: EngineContents = {
    fieldIds: m._fieldIds,
    averageFieldLength: m._avgFieldLength,
    nextId: m._nextId,
    documentCount: m._documentCount,
    shortIds: [], ids: [], fieldLengths: [], stored: [], terms: [], postings: [],
    filter: (doc) => filters.get(doc),
  };
  for (const [shortId, id] of m._documentIds) {
    alive[shortId] = 1;
    c.shortIds.push(shortId);
    c.ids.push(id);
    c.fieldLengths.push(m._fieldLength.get(shortId) ?? []);
    c.stored.push(m._storedFields.get(shortId) ?? {});
  }
  // One pass over the term index collects each posting's live releases, ascending. Loading
  // inserts the terms in this (the tree's) order, which rebuilds the same tree.
  const iterator = m._index[Symbol.iterator]();
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    const [term, data] = next.value;
    const list: FieldPosting[] = [];
    for (const [field, docs] of data) {
      const p = livePostings(docs, alive);
      if (p.docs.length) list.push({ field, ...p });
    }
    if (list.length === 0) continue;
    c.terms.push(term);
    c.postings.push(list);
  }
  return encodeEngineFile(c, extras);
}

/** The engine file's bytes for its contents, as chunks to write in order. */
export function encodeEngineFile(c: EngineContents, extras: EngineExtras): Uint8Array[] {
  let total = 0;
  let entries = 0;
  for (const list of c.postings) {
    entries += list.length;
    for (const p of list) total += p.docs.length;
  }
  const alive = new Uint8Array(c.nextId + 1);
  for (const doc of c.shortIds) alive[doc] = 1;
  const filterOffsets = new Uint32Array(c.nextId + 1);
  const filterParts: Uint32Array[] = [];
  let filterWords = 0;
  for (let doc = 0; doc < c.nextId; doc++) {
    filterOffsets[doc] = filterWords;
    if (!alive[doc]) continue;
    const f = c.filter(doc);
    filterParts.push(f);
    filterWords += f.length;
  }
  filterOffsets[c.nextId] = filterWords;
  const filterBits = new Uint32Array(filterWords);
  filterParts.reduce((at, f) => (filterBits.set(f, at), at + f.length), 0);

  const termBytes = Buffer.from(c.terms.join('\0'), 'utf8');
  const meta: Meta = {
    ...extras,
    fieldIds: c.fieldIds,
    averageFieldLength: c.averageFieldLength,
    nextId: c.nextId,
    documentCount: c.documentCount,
    shortIds: c.shortIds, ids: c.ids, fieldLengths: c.fieldLengths, stored: c.stored,
    terms: c.terms.length,
    entries,
    postings: total,
    termBytes: termBytes.length,
    filterWords,
  };
  const metaBytes = packr.pack(meta);
  const head = Buffer.alloc(align4(12 + metaBytes.length));
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(ENGINE_FILE_FORMAT, 4);
  head.writeUInt32LE(metaBytes.length, 8);
  head.set(metaBytes, 12);

  const laidOut = c.laidOut && c.laidOut.docs.length === total ? c.laidOut : undefined;
  const docs = laidOut?.docs ?? new Int32Array(total);
  const freqs = laidOut?.freqs ?? new Uint16Array(total);
  const starts = new Uint32Array(entries + 1);
  const fields = new Uint8Array(entries);
  const perTerm = new Uint8Array(c.terms.length);
  let at = 0;
  let e = 0;
  c.postings.forEach((list, t) => {
    perTerm[t] = list.length;
    for (const p of list) {
      starts[e] = at;
      fields[e++] = p.field;
      if (!laidOut) {
        docs.set(p.docs, at);
        freqs.set(p.freqs, at);
      }
      at += p.docs.length;
    }
  });
  starts[entries] = at;
  const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  // Uint16 freqs keep the following arrays 2-byte aligned; the 1-byte arrays come last.
  const chunks = [head, bytesOf(docs), bytesOf(starts), bytesOf(filterOffsets), bytesOf(filterBits), bytesOf(freqs), fields, perTerm, termBytes];
  const crc = Buffer.alloc(CHECKSUM_BYTES);
  crc.writeUInt32LE(crc32Of(chunks), 0);
  return [...chunks, crc];
}

/** Rebuild a MiniSearch instance from an engine file, its postings as views of `bytes`. */
export function readEngineFile<T>(bytes: Uint8Array, options: Options<T>): { ms: TermIndex<T>; filters: PairFilters; extras: EngineExtras } {
  if (bytes.length < 12 || Buffer.from(bytes.buffer, bytes.byteOffset, 4).toString('latin1') !== MAGIC) {
    throw new EngineFileError('not an engine file');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint32(4, true);
  if (format !== ENGINE_FILE_FORMAT) throw new EngineFileError(`engine file format ${format}, this build reads ${ENGINE_FILE_FORMAT}`, 'format');
  checkEngineFile(bytes);
  const metaLength = view.getUint32(8, true);
  if (12 + metaLength > bytes.length) throw new EngineFileError('engine file is truncated');
  const meta = packr.unpack(bytes.subarray(12, 12 + metaLength)) as Meta;
  const { terms: T, entries: E, postings: P, termBytes, filterWords: W, nextId: R } = meta;
  let at = align4(12 + metaLength);
  const expected = at + P * 4 + (E + 1) * 4 + (R + 1) * 4 + W * 4 + P * 2 + E + T + termBytes + CHECKSUM_BYTES;
  if (expected !== bytes.length) throw new EngineFileError(`engine file has ${bytes.length} bytes, its header describes ${expected}`);

  // Views need aligned offsets: copy the buffer once if the bytes do not start on one.
  const base = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const take = <A>(make: (buf: ArrayBufferLike, offset: number, length: number) => A, length: number, size: number): A => {
    const a = make(base.buffer, base.byteOffset + at, length);
    at += length * size;
    return a;
  };
  const docs = take((b, o, n) => new Int32Array(b, o, n), P, 4);
  const starts = take((b, o, n) => new Uint32Array(b, o, n), E + 1, 4);
  const filterOffsets = take((b, o, n) => new Uint32Array(b, o, n), R + 1, 4);
  const filterBits = take((b, o, n) => new Uint32Array(b, o, n), W, 4);
  const freqs = take((b, o, n) => new Uint16Array(b, o, n), P, 2);
  const fields = take((b, o, n) => new Uint8Array(b, o, n), E, 1);
  const perTerm = take((b, o, n) => new Uint8Array(b, o, n), T, 1);
  const terms = T === 0 ? [] : Buffer.from(base.buffer, base.byteOffset + at, termBytes).toString('utf8').split('\0');
  if (terms.length !== T || starts[E] !== P || filterOffsets[R] !== W) throw new EngineFileError('engine file is inconsistent');

  const ms = new TermIndex<T>(options);
  ms.restore({ documentCount: meta.documentCount, nextId: meta.nextId, fieldIds: meta.fieldIds, averageFieldLength: meta.averageFieldLength });
  const m = ms.internals;
  meta.shortIds.forEach((shortId, i) => {
    const id = meta.ids[i]!;
    m._documentIds.set(shortId, id);
    m._idToShortId.set(id, shortId);
    m._fieldLength.set(shortId, meta.fieldLengths[i]!);
    m._storedFields.set(shortId, meta.stored[i]!);
  });
  const columns: PostingColumns = { docs, freqs };
  let entry = 0;
  for (let t = 0; t < T; t++) {
    const data: FieldPostings = new Map();
    for (let k = perTerm[t]!; k > 0; k--, entry++) data.set(fields[entry]!, new PostingMap(columns, starts[entry]!, starts[entry + 1]!));
    m._index.set(terms[t]!, data);
  }
  return { ms, filters: new PairFilters(filterBits, filterOffsets), extras: { tokenizerVersion: meta.tokenizerVersion, display: meta.display } };
}

/** Throws EngineFileError unless the bytes match the CRC-32 they end with. */
export function checkEngineFile(bytes: Uint8Array): void {
  if (bytes.length < 12 + CHECKSUM_BYTES) throw new EngineFileError('engine file is truncated');
  const end = bytes.length - CHECKSUM_BYTES;
  const stored = new DataView(bytes.buffer, bytes.byteOffset + end, CHECKSUM_BYTES).getUint32(0, true);
  if (crc32Of(bytes.subarray(0, end)) !== stored) throw new EngineFileError('engine file fails its checksum (its bytes were changed after it was written)');
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

/** A posting's releases that are still indexed, ascending, with their frequencies. */
function livePostings(posting: Map<number, number>, alive: Uint8Array): { docs: Int32Array; freqs: Uint16Array } {
  const raw = posting instanceof PostingMap ? posting.raw : undefined;
  if (raw) {
    let n = 0;
    for (let i = raw.start; i < raw.end; i++) if (alive[raw.columns.docs[i]!]) n++;
    const docs = new Int32Array(n);
    const freqs = new Uint16Array(n);
    for (let i = raw.start, j = 0; i < raw.end; i++) {
      const d = raw.columns.docs[i]!;
      if (!alive[d]) continue;
      docs[j] = d;
      freqs[j++] = raw.columns.freqs[i]!;
    }
    return { docs, freqs };
  }
  const pairs: [number, number][] = [];
  let sorted = true;
  for (const [d, f] of posting) {
    if (!alive[d]) continue;
    if (pairs.length && pairs[pairs.length - 1]![0] > d) sorted = false;
    pairs.push([d, f]);
  }
  if (!sorted) pairs.sort((a, b) => a[0] - b[0]);
  const docs = new Int32Array(pairs.length);
  const freqs = new Uint16Array(pairs.length);
  pairs.forEach(([d, f], i) => {
    docs[i] = d;
    freqs[i] = Math.min(f, MAX_FREQ);
  });
  return { docs, freqs };
}
