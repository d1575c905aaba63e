import type { Release } from '../clean/release.js';
import { AtomicFileWriter } from './atomic-write.js';
import { sealed } from './checksum.js';
import type { DataFile } from './manifest.js';
import { packRecord, packRecordInto } from './release-record.js';
import { addRow, emptyTable, packTable } from './store-table.js';
import { writeFileAtomic } from './atomic-write.js';

// Records are written in runs of about this many bytes (one write call each).
const RUN_BYTES = 4 << 20;

/**
 * A full build's release store, written as the releases come: each record goes to the data file
 * (through a temp file) when added, so the store is never held in memory; `finish` writes the
 * table and makes both visible. The files are byte for byte those `writeReleaseStore` writes
 * for the same releases in the same order with no previous store.
 */
export class ReleaseStoreWriter {
  private readonly table = emptyTable();
  private readonly data: AtomicFileWriter;
  private readonly dataName: string;
  // one buffer the records are packed into, written out and reused when full
  private run = Buffer.allocUnsafe(RUN_BYTES);
  private runBytes = 0;
  private offset = 0;

  constructor(
    private readonly indexDir: string,
    private readonly generation: string,
  ) {
    this.dataName = `releases-${generation}.dat`;
    this.data = new AtomicFileWriter(indexDir, this.dataName);
  }

  get size(): number {
    return this.table.ids.length;
  }

  add(id: string, hash: string, release: Release): void {
    let packed = packRecordInto(release, this.run, this.runBytes);
    if (!packed && this.runBytes > 0) {
      this.flush();
      packed = packRecordInto(release, this.run, 0);
    }
    if (packed) this.runBytes += packed.length;
    else {
      // a record larger than a run: written alone
      const whole = packRecord(release);
      this.data.write(whole.bytes);
      packed = whole;
    }
    addRow(this.table, 0, this.offset, id, hash, packed);
    this.offset += packed.length;
  }

  private flush(): void {
    if (this.runBytes) this.data.write(this.run.subarray(0, this.runBytes));
    this.runBytes = 0;
  }

  /** Write the table and make the store visible under its names (the manifest is still the caller's). */
  finish(): { storeData: DataFile[]; storeTable: DataFile } {
    this.flush();
    const bytes = this.data.finish();
    const tableName = `releases-${this.generation}.idx`;
    const tableBytes = writeFileAtomic(this.indexDir, tableName, sealed(packTable(this.table)));
    return { storeData: [{ name: this.dataName, bytes }], storeTable: { name: tableName, bytes: tableBytes } };
  }

  /** Remove what was written (a build that failed). */
  abort(): void {
    this.data.abort();
  }
}
