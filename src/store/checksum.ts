import { crc32 } from 'node:zlib';
import { IndexCorruptError } from './store-errors.js';

/**
 * Checksums of what the index writes: CRC-32 (zlib's, about 2 GB/s), enough to catch flipped
 * bytes and torn writes (not tampering). A whole file read at once carries its CRC in a 4-byte
 * trailer (`sealed` / `unsealed`); the release store's records carry theirs in its table.
 */
export const CHECKSUM_BYTES = 4;

/** CRC-32 of bytes given as chunks, in order. */
export function crc32Of(chunks: Uint8Array | readonly Uint8Array[]): number {
  let crc = 0;
  for (const c of Array.isArray(chunks) ? chunks : [chunks as Uint8Array]) crc = crc32(c, crc);
  return crc >>> 0;
}

/** The chunks with a trailer holding their CRC-32 (little-endian). */
export function sealed(chunks: Uint8Array | readonly Uint8Array[]): Uint8Array[] {
  const list = Array.isArray(chunks) ? [...(chunks as readonly Uint8Array[])] : [chunks as Uint8Array];
  const trailer = Buffer.alloc(CHECKSUM_BYTES);
  trailer.writeUInt32LE(crc32Of(list), 0);
  return [...list, trailer];
}

/** The body of sealed bytes, or undefined when it does not match its trailer. */
export function openSealed(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length < CHECKSUM_BYTES) return undefined;
  const body = bytes.subarray(0, bytes.length - CHECKSUM_BYTES);
  const view = new DataView(bytes.buffer, bytes.byteOffset + body.length, CHECKSUM_BYTES);
  return view.getUint32(0, true) === crc32Of(body) ? body : undefined;
}

/** The body of a sealed index file; a mismatch is damage, answered as truncation is. */
export function unsealed(indexDir: string, name: string, bytes: Uint8Array): Uint8Array {
  const body = openSealed(bytes);
  if (body === undefined) throw new IndexCorruptError(indexDir, `${name} fails its checksum (its bytes were changed after it was written)`);
  return body;
}
