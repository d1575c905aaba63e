import { Packr } from 'msgpackr';
import type { Release } from '../clean/release.js';
import { identityOf, type ReleaseIdentity } from '../clean/release-identity.js';
import { crc32Of } from './checksum.js';

/**
 * One release's record in the store's data files, laid out so that a list of many releases (an
 * export, a feed) reads a few hundred bytes of each instead of decoding it whole:
 *
 *   [head: msgpack array of the listed fields] [body: UTF-8] [tail: msgpack of the rest]
 *
 * and checksummed in three sections, so that a partial read is verified too: the head with the
 * body's first OPENING_BYTES, the body up to WINDOW_BYTES, and everything after. The table keeps
 * each record's head and body lengths and the three CRCs.
 */

/** What a list of releases shows (an export row), with the start of the body for its snippet. */
export interface ReleaseLead {
  id: string;
  title: string;
  date: string;
  company: string;
  tickers: string[];
  identity: ReleaseIdentity;
  /** The body, or (`whole` false) its start: at least the part asked for, cut at a character. */
  body: string;
  whole: boolean;
}

/** How much of the body a lead carries: its opening (a snippet with nothing to mark), or the window a query's snippet is searched in. */
export type LeadPart = 'opening' | 'window';

// Both are part of the format (the sections' CRCs depend on them): changing either needs
// INDEX_FORMAT_VERSION bumped (store/manifest.ts), so that an index written with others is rebuilt.

/** Bytes of a body in the first checksummed section: the opening snippet reads 640 characters. */
export const OPENING_BYTES = 1024;
/** Bytes of a body a lead for a query's snippet carries (a body is longer than this about one time in a hundred). */
export const WINDOW_BYTES = 8192;

// Plain msgpack (no shared structures): every record decodes on its own.
const packr = new Packr({ useRecords: false, variableMapSize: true });

/** What the table keeps of a packed record. */
export interface RecordPlace {
  length: number;
  head: number;
  body: number;
  crcs: [number, number, number];
}

/** A packed record and what the table keeps of it. */
export interface PackedRecord extends RecordPlace {
  bytes: Buffer;
}

const headOf = (r: Release) => {
  const id = identityOf(r);
  return [r.id, r.title, r.date, r.company, r.tickers, id.cik, id.form, id.accession, id.filedAt, id.secUrl];
};

/** Where a record's three checksummed sections end. */
export function sectionEnds(head: number, body: number, length: number): [number, number, number] {
  return [head + Math.min(body, OPENING_BYTES), head + Math.min(body, WINDOW_BYTES), length];
}

/** The bytes of a record to read for a lead (always a section's end). */
export const leadEnd = (head: number, body: number, part: LeadPart) => head + Math.min(body, part === 'opening' ? OPENING_BYTES : WINDOW_BYTES);

// the title and company are in the head: the tail keeps their places (key order) but not their text
const tailOf = (r: Release) => packr.pack({ ...r, title: '', company: '', body: '' });

export function packRecord(release: Release): PackedRecord {
  const head = packr.pack(headOf(release));
  const tail = tailOf(release);
  const bodyBytes = Buffer.byteLength(release.body, 'utf8');
  const bytes = Buffer.allocUnsafe(head.length + bodyBytes + tail.length);
  head.copy(bytes, 0);
  bytes.write(release.body, head.length, 'utf8');
  tail.copy(bytes, head.length + bodyBytes);
  return { bytes, ...sectionsOf(bytes, head.length, bodyBytes) };
}

/**
 * Pack a record into `target` from `at` (a build's run buffer, reused run after run: two fresh
 * Buffers a record were 8 GB of allocations at a million releases). The bytes are those of
 * `packRecord`; undefined when they do not fit (the bytes after `at` are then no record's).
 */
export function packRecordInto(release: Release, target: Buffer, at: number): RecordPlace | undefined {
  const head = packr.pack(headOf(release));
  // the body's UTF-8 is at most three bytes a UTF-16 unit: measured only when that might not fit
  const room = target.length - at - head.length;
  const bodyBytes = release.body.length * 3 <= room ? -1 : Buffer.byteLength(release.body, 'utf8');
  if (bodyBytes > room) return undefined;
  head.copy(target, at);
  const body = target.write(release.body, at + head.length, 'utf8');
  const tail = tailOf(release);
  const end = at + head.length + body + tail.length;
  if (end > target.length) return undefined;
  tail.copy(target, at + head.length + body);
  return sectionsOf(target.subarray(at, end), head.length, body);
}

function sectionsOf(bytes: Uint8Array, head: number, body: number): RecordPlace {
  const [a, b] = sectionEnds(head, body, bytes.length);
  return { length: bytes.length, head, body, crcs: [crc32Of(bytes.subarray(0, a)), crc32Of(bytes.subarray(a, b)), crc32Of(bytes.subarray(b))] };
}

/** Whether `bytes` (a record's first bytes, ending at a section's end) match their CRCs. */
export function sectionsSound(bytes: Uint8Array, head: number, body: number, length: number, crcs: ArrayLike<number>, first: number): boolean {
  let start = 0;
  const ends = sectionEnds(head, body, length);
  for (let s = 0; s < 3 && start < bytes.length; s++) {
    const end = ends[s]!;
    if (end > bytes.length || crc32Of(bytes.subarray(start, end)) !== crcs[first + s]) return false;
    start = end;
  }
  return true;
}

/** The end of the whole characters in UTF-8 bytes [start, end): a cut never splits one. */
export function charBoundary(bytes: Uint8Array, start: number, end: number): number {
  let lead = end - 1;
  // back over continuation bytes (10xxxxxx) to the character's first byte
  while (lead > start && end - lead < 4 && (bytes[lead]! & 0xc0) === 0x80) lead--;
  if (lead < start) return end; // nothing to cut
  const b = bytes[lead]!;
  const size = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return lead + size <= end ? end : lead;
}

class BadRecord extends Error {}

const str = (v: unknown): string => {
  if (typeof v !== 'string') throw new BadRecord('a field is not text');
  return v;
};

/** The lead in a record's first bytes (`bytes` ends where leadEnd says). Throws when it does not decode. */
export function decodeLead(bytes: Buffer, head: number, body: number): ReleaseLead {
  const h = packr.unpack(bytes.subarray(0, head)) as unknown;
  if (!Array.isArray(h) || h.length !== 10 || !Array.isArray(h[4])) throw new BadRecord('its head is not a release head');
  const got = bytes.length - head;
  const whole = got >= body;
  const end = whole ? head + body : charBoundary(bytes, head, bytes.length);
  return {
    id: str(h[0]), title: str(h[1]), date: str(h[2]), company: str(h[3]), tickers: (h[4] as unknown[]).map(str),
    identity: { cik: str(h[5]), form: str(h[6]), accession: str(h[7]), filedAt: str(h[8]), secUrl: str(h[9]) },
    body: bytes.toString('utf8', head, end),
    whole,
  };
}

/** The whole release in a record's bytes. Throws when it does not decode. */
export function decodeRelease(bytes: Buffer, head: number, body: number): Release {
  const lead = decodeLead(bytes.subarray(0, head + body), head, body);
  const r = packr.unpack(bytes.subarray(head + body)) as Release;
  if (typeof r !== 'object' || r === null || r.id !== lead.id) throw new BadRecord('its tail is not the release its head names');
  r.title = lead.title;
  r.company = lead.company;
  r.body = lead.body;
  return r;
}

/** A lead from a whole release (a store or backend that holds releases whole). */
export function leadOf(r: Release): ReleaseLead {
  return { id: r.id, title: r.title, date: r.date, company: r.company, tickers: r.tickers, identity: identityOf(r), body: r.body, whole: true };
}
