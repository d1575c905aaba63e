import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Packr } from 'msgpackr';
import type { Skipped } from '../filing/filing-part.js';
import { TMP_PREFIX, tryUnlink, writeFileAtomic } from '../store/atomic-write.js';

// variableMapSize: objects of more than 65,535 keys (a large corpus) serialize too
const packr = new Packr({ useRecords: false, variableMapSize: true });
export const DRAFTS_DIR = 'drafts';

/** What ingest made of one corpus file, before corpus-level merging. */
export interface FileDrafts<D> {
  drafts: D[];
  skipped: Skipped[];
}

/** Cache of per-file ingest results, addressed by code version, path and content hash. */
export class DraftCache<D> {
  private readonly dir: string;

  constructor(indexDir: string, private readonly codeVersion: string) {
    this.dir = join(indexDir, DRAFTS_DIR);
  }

  /** The cache file name for a file with this path and content hash. */
  key(file: string, hash: string): string {
    return `${createHash('sha256').update(`${this.codeVersion}\0${file}\0${hash}`).digest('hex').slice(0, 32)}.mp`;
  }

  /** Cached drafts, or undefined when absent or unreadable (then the file is simply read again). */
  get(file: string, hash: string): FileDrafts<D> | undefined {
    try {
      const v = packr.unpack(readFileSync(join(this.dir, this.key(file, hash)))) as FileDrafts<D>;
      return Array.isArray(v?.drafts) && Array.isArray(v.skipped) ? v : undefined;
    } catch {
      return undefined;
    }
  }

  put(file: string, hash: string, value: FileDrafts<D>): void {
    mkdirSync(this.dir, { recursive: true });
    // No fsync: after a crash a missing or torn cache file is just read as absent.
    writeFileAtomic(this.dir, this.key(file, hash), packr.pack(value), false);
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
