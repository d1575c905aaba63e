/**
 * The postings of every term, as three columns shared by all PostingMaps: release numbers
 * (ascending within a posting) and their term frequencies.
 */
export interface PostingColumns {
  docs: Int32Array;
  freqs: Uint16Array;
}

/** A posting's columns and range with what was written over them since. */
export interface PostingView {
  columns: PostingColumns;
  start: number;
  end: number;
  removed: ReadonlySet<number> | undefined;
  changed: ReadonlyMap<number, number> | undefined;
  added: ReadonlyMap<number, number> | undefined;
}

/**
 * One term's postings in one field, seen through the `Map<docNumber, frequency>` interface that
 * MiniSearch keeps per term and field, but read from shared typed arrays: tens of millions of
 * postings cost 6 bytes each instead of a Map entry each, and loading them is a view, not a
 * rebuild. Writes (MiniSearch adding or removing a release) go to a small overlay: releases added
 * after the view (numbers only grow, so the order stays ascending), releases removed from it, and
 * new frequencies of releases in it (MiniSearch removes a release one occurrence at a time). A
 * posting is copied into a real Map only if a release is put back inside the view's range.
 */
export class PostingMap implements Map<number, number> {
  private map: Map<number, number> | undefined;
  private added: Map<number, number> | undefined;
  private removed: Set<number> | undefined;
  private changed: Map<number, number> | undefined;
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
    return this.map || this.added || this.removed || this.changed ? undefined : { columns: this.columns, start: this.start, end: this.end };
  }

  /**
   * The columns and range with the overlay, for scoring without the Map interface: skip `removed`,
   * read `changed` frequencies first, then take `added`. Undefined once copied into a Map.
   */
  get view(): PostingView | undefined {
    if (this.map) return undefined;
    return { columns: this.columns, start: this.start, end: this.end, removed: this.removed, changed: this.changed, added: this.added };
  }

  get size(): number {
    return this.map ? this.map.size : this.end - this.start - (this.removed?.size ?? 0) + (this.added?.size ?? 0);
  }

  get [Symbol.toStringTag](): string {
    return 'Map';
  }

  get(doc: number): number | undefined {
    if (this.map) return this.map.get(doc);
    const extra = this.added?.get(doc);
    if (extra !== undefined) return extra;
    const i = this.inView(doc);
    return i < 0 ? undefined : (this.changed?.get(doc) ?? this.columns.freqs[i]);
  }

  has(doc: number): boolean {
    return this.map ? this.map.has(doc) : this.added?.has(doc) || this.inView(doc) >= 0;
  }

  set(doc: number, freq: number): this {
    if (this.map) this.map.set(doc, freq);
    else if (this.inView(doc) >= 0) (this.changed ??= new Map()).set(doc, freq);
    else if (this.end > this.start && doc < this.columns.docs[this.end - 1]!) this.writable().set(doc, freq);
    else (this.added ??= new Map()).set(doc, freq);
    return this;
  }

  delete(doc: number): boolean {
    if (this.map) return this.map.delete(doc);
    if (this.added?.delete(doc)) return true;
    if (this.inView(doc) < 0) return false;
    (this.removed ??= new Set()).add(doc);
    this.changed?.delete(doc);
    return true;
  }

  clear(): void {
    this.map = new Map();
    this.added = undefined;
    this.removed = undefined;
    this.changed = undefined;
  }

  forEach(fn: (freq: number, doc: number, map: Map<number, number>) => void, thisArg?: unknown): void {
    for (const [doc, freq] of this.entries()) fn.call(thisArg, freq, doc, this);
  }

  *keys(): MapIterator<number> {
    if (this.map) return yield* this.map.keys();
    // what is there now: MiniSearch may write to the posting while it iterates (see `writable`)
    const { docs } = this.columns;
    const { removed, added } = this;
    for (let i = this.start; i < this.end; i++) {
      if (removed?.has(docs[i]!)) continue;
      this.cursor = i;
      yield docs[i]!;
    }
    if (added) yield* added.keys();
  }

  *values(): MapIterator<number> {
    if (this.map) return yield* this.map.values();
    for (const [, freq] of this.entries()) yield freq;
  }

  *entries(): MapIterator<[number, number]> {
    if (this.map) return yield* this.map.entries();
    const { docs, freqs } = this.columns;
    const { removed, added, changed } = this;
    for (let i = this.start; i < this.end; i++) {
      const doc = docs[i]!;
      if (!removed?.has(doc)) yield [doc, changed?.get(doc) ?? freqs[i]!];
    }
    if (added) yield* added.entries();
  }

  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }

  private find(doc: number): number {
    const { docs } = this.columns;
    if (this.cursor < this.end && docs[this.cursor] === doc) return this.cursor;
    // a release added after the view (every write of MiniSearch adding one) is past its end
    if (this.end === this.start || doc > docs[this.end - 1]! || doc < docs[this.start]!) return -1;
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

  /** Where a release of the view is in the columns (-1: not in the view, or removed from it). */
  private inView(doc: number): number {
    const i = this.find(doc);
    return i >= 0 && this.removed?.has(doc) ? -1 : i;
  }

  private writable(): Map<number, number> {
    if (!this.map) {
      this.map = new Map(this.entries());
      this.added = undefined;
      this.removed = undefined;
      this.changed = undefined;
    }
    return this.map;
  }
}
