import { Packr } from 'msgpackr';

// as the index folder saves it: the state holds typed arrays, which come back as what they were
const packr = new Packr({ useRecords: false, variableMapSize: true, moreTypes: true });

/** The ingester's cleaning state as stored with a generation (opaque here: the ingester checks it when reading). */
export const packState = (state: unknown): Buffer => packr.pack(state);

/** The stored state, or undefined when it cannot be decoded (the next reindex then cleans the whole corpus). */
export function unpackState(bytes: Buffer | null | undefined): unknown {
  if (!bytes) return undefined;
  try {
    return packr.unpack(bytes) as unknown;
  } catch {
    return undefined;
  }
}
