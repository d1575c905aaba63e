import MiniSearch, { type Options } from 'minisearch';

/** MiniSearch's per-term data: field number → (release number → term frequency). */
export type FieldPostings = Map<number, Map<number, number>>;

/**
 * The fields of a MiniSearch instance that its public API does not reach: the term index and the
 * per-release tables. The engine file reads and writes them directly, so that a 100k-release index
 * is saved and loaded as typed arrays instead of MiniSearch's object form (see engine-file.ts);
 * scoring and the doc table read them as arrays (match-query.ts, doc-table.ts).
 */
export interface MiniSearchInternals {
  readonly _index: {
    get(term: string): FieldPostings | undefined;
    /** The terms starting with a prefix (the prefix itself included). */
    atPrefix(prefix: string): Iterable<[string, FieldPostings]>;
    /** The terms within an edit distance, with their distance. */
    fuzzyGet(term: string, maxDistance: number): Map<string, [FieldPostings, number]>;
    set(term: string, data: FieldPostings): unknown;
    [Symbol.iterator](): Iterator<[string, FieldPostings]>;
    readonly size: number;
  };
  readonly _documentIds: Map<number, string>;
  readonly _idToShortId: Map<string, number>;
  readonly _fieldIds: Record<string, number>;
  readonly _fieldLength: Map<number, number[]>;
  readonly _avgFieldLength: number[];
  readonly _storedFields: Map<number, Record<string, unknown>>;
  readonly _documentCount: number;
  readonly _nextId: number;
  readonly _dirtCount: number;
}

/** The scalars an engine file restores into an empty index. */
export interface TermIndexHeader {
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
}

/**
 * MiniSearch with its protected fields opened to this folder: the sanctioned route (a subclass)
 * instead of casts. The package is pinned to the version whose internals this relies on (7.2.0);
 * the constructor checks their shape and names the fix when it differs.
 */
export class TermIndex<T> extends MiniSearch<T> {
  readonly internals: MiniSearchInternals;

  constructor(options: Options<T>) {
    super(options);
    // getters, so a field MiniSearch replaces (vacuuming, clearing) is read as it is now
    const self = this;
    this.internals = {
      get _index() { return self._index; },
      get _documentIds() { return self._documentIds as Map<number, string>; },
      get _idToShortId() { return self._idToShortId as Map<string, number>; },
      get _fieldIds() { return self._fieldIds; },
      get _fieldLength() { return self._fieldLength; },
      get _avgFieldLength() { return self._avgFieldLength; },
      get _storedFields() { return self._storedFields; },
      get _documentCount() { return self._documentCount; },
      get _nextId() { return self._nextId; },
      get _dirtCount() { return self._dirtCount; },
    };
    const ok = typeof this._index?.fuzzyGet === 'function' && this._documentIds instanceof Map && this._fieldLength instanceof Map && typeof this._nextId === 'number';
    if (!ok) throw new Error('the installed minisearch is not the version this build was written for (7.2.0); run `npm ci`');
  }

  /** Set the scalars of an index being loaded from an engine file (its maps are filled by the caller). */
  restore(h: TermIndexHeader): void {
    this._documentCount = h.documentCount;
    this._nextId = h.nextId;
    this._fieldIds = h.fieldIds;
    this._avgFieldLength = h.averageFieldLength;
    this._dirtCount = 0;
  }
}
