import { Packr } from 'msgpackr';
import { writeFileAtomic } from './atomic-write.js';
import { sealed, unsealed } from './checksum.js';
import { IndexCorruptError } from './store-errors.js';
import type { DataFile } from './manifest.js';
import { readChecked } from './release-store-file.js';

// moreTypes: the state holds typed arrays, which come back as what they were
const packr = new Packr({ useRecords: false, variableMapSize: true, moreTypes: true });

/** Save the ingester's finalize state (opaque here: the ingester checks it when reading), with its checksum. */
export function writeIngestState(indexDir: string, name: string, state: unknown): DataFile {
  return { name, bytes: writeFileAtomic(indexDir, name, sealed(packr.pack(state))) };
}

/** The saved finalize state; IndexCorruptError when it is truncated, fails its checksum or cannot be decoded. */
export function readIngestState(indexDir: string, file: DataFile): unknown {
  const bytes = unsealed(indexDir, file.name, readChecked(indexDir, file));
  try {
    return packr.unpack(bytes) as unknown;
  } catch (err) {
    throw new IndexCorruptError(indexDir, `${file.name} cannot be decoded (${(err as Error).message})`);
  }
}
