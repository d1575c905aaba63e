/**
 * The postings of every term, as three columns shared by all PostingMaps: release numbers
 * (ascending within a posting) and their term frequencies.
 */
export interface PostingColumns {
  docs: Int32Array;
  freqs: Uint16Array;
}

/**
 * One term's postings in one field, seen through the `Map<docNumber, frequency>` interface that
 * MiniSearch keeps per term and field, but read from shared typed arrays: tens of millions of
 * postings cost 6 bytes each instead of a Map entry each, and loading them is a view, not a
 * rebuild. The first write (MiniSearch adding or removing a release) copies the posting into a real
 * Map, which then answers everything.
 */
export class PostingMap implements Map<number, number> {
  private map: Map<number, number> | undefined;
  // Where the last lookup ended: MiniSearch reads `get(doc)` right after iterating to `doc`.
  private cursor: number;

  constructor(
    private readonly columns: PostingColumns,
    private readonly start: number,
    private readonly end: number,
  ) {
    this.cursor = start;
  }

  /** The shared columns and this posting's range, while unmodified (for fast scoring and saving). */
  get raw(): { columns: PostingColumns; start: number; end: number } | undefined {
    return this.map ? undefined : { columns: this.columns, start: this.start, end: this.end };
  }

  get size(): number {
    return this.map ? this.map.size : this.end - this.start;
  }

  get [Symbol.toStringTag](): string {
    return 'Map';
  }

  get(doc: number): number | undefined {
    if (this.map) return this.map.get(doc);
    const i = this.find(doc);
    return i < 0 ? undefined : this.columns.freqs[i];
  }

  has(doc: number): boolean {
    return this.map ? this.map.has(doc) : this.find(doc) >= 0;
  }

  set(doc: number, freq: number): this {
    this.writable().set(doc, freq);
    return this;
  }

  delete(doc: number): boolean {
    return this.writable().delete(doc);
  }

  clear(): void {
    this.map = new Map();
  }

  forEach(fn: (freq: number, doc: number, map: Map<number, number>) => void, thisArg?: unknown): void {
    for (const [doc, freq] of this.entries()) fn.call(thisArg, freq, doc, this);
  }

  *keys(): MapIterator<number> {
    if (this.map) return yield* this.map.keys();
    const { docs } = this.columns;
    for (let i = this.start; i < this.end; i++) {
      this.cursor = i;
      yield docs[i]!;
    }
  }

  *values(): MapIterator<number> {
    if (this.map) return yield* this.map.values();
    const { freqs } = this.columns;
    for (let i = this.start; i < this.end; i++) yield freqs[i]!;
  }

  *entries(): MapIterator<[number, number]> {
    if (this.map) return yield* this.map.entries();
    const { docs, freqs } = this.columns;
    for (let i = this.start; i < this.end; i++) yield [docs[i]!, freqs[i]!];
  }

  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }

  private find(doc: number): number {
    const { docs } = this.columns;
    if (this.cursor < this.end && docs[this.cursor] === doc) return this.cursor;
    let lo = this.start;
    let hi = this.end - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = docs[mid]!;
      if (d === doc) {
        this.cursor = mid;
        return mid;
      }
      if (d < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private writable(): Map<number, number> {
    if (!this.map) this.map = new Map(this.entries());
    return this.map;
  }
}
