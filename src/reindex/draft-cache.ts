import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Packr } from 'msgpackr';
import type { Skipped } from '../filing/filing-part.js';
import { TMP_PREFIX, tryUnlink, writeFileAtomic } from '../store/atomic-write.js';
import { openSealed, sealed } from '../store/checksum.js';

// variableMapSize: objects of more than 65,535 keys (a large corpus) serialize too
const packr = new Packr({ useRecords: false, variableMapSize: true });
export const DRAFTS_DIR = 'drafts';
// In every key: entries of another layout (2: with a CRC-32 trailer) are never read, only pruned.
const CACHE_FORMAT = 2;

/** What ingest made of one corpus file, before corpus-level merging. */
export interface FileDrafts<D> {
  drafts: D[];
  skipped: Skipped[];
}

/** Cache of per-file ingest results, addressed by code version, path and content hash. */
export class DraftCache<D> {
  private readonly dir: string;

  /** `onDamaged`: told of a corpus file whose cached drafts fail their checksum (the entry is deleted; the file is read again). */
  constructor(readonly indexDir: string, readonly codeVersion: string, readonly onDamaged?: (file: string) => void) {
    this.dir = join(indexDir, DRAFTS_DIR);
  }

  /** The cache file name for a file with this path and content hash. */
  key(file: string, hash: string): string {
    return `${createHash('sha256').update(`${CACHE_FORMAT}\0${this.codeVersion}\0${file}\0${hash}`).digest('hex').slice(0, 32)}.mp`;
  }

  /**
   * Cached drafts, or undefined when absent or unreadable (then the file is simply read again).
   * An entry that fails its checksum or cannot be decoded is damaged: deleted, reported (to
   * `onDamaged`, by default the constructor's), never used.
   */
  get(file: string, hash: string, onDamaged: ((file: string) => void) | undefined = this.onDamaged): FileDrafts<D> | undefined {
    const path = join(this.dir, this.key(file, hash));
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      return undefined;
    }
    const body = openSealed(bytes);
    let v: FileDrafts<D> | undefined;
    try {
      v = body && (packr.unpack(body) as FileDrafts<D>);
    } catch {
      v = undefined;
    }
    if (Array.isArray(v?.drafts) && Array.isArray(v.skipped)) return v;
    tryUnlink(path);
    onDamaged?.(file);
    return undefined;
  }

  put(file: string, hash: string, value: FileDrafts<D>): void {
    mkdirSync(this.dir, { recursive: true });
    // No fsync: after a crash a missing or torn cache file is just read as absent.
    writeFileAtomic(this.dir, this.key(file, hash), sealed(packr.pack(value)), false);
  }

  /** Delete every cache file not in `keep` (and debris of interrupted writes). */
  prune(keep: Set<string>): number {
    let removed = 0;
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return 0;
    }
    for (const n of names) {
      if (keep.has(n) && !n.startsWith(TMP_PREFIX)) continue;
      tryUnlink(join(this.dir, n));
      removed++;
    }
    return removed;
  }
}
