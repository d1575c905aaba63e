import MiniSearch from 'minisearch';

/** MiniSearch's per-term data: field number → (release number → term frequency). */
export type FieldPostings = Map<number, Map<number, number>>;

/**
 * The fields of a MiniSearch instance that its public API does not reach: the term index and the
 * per-release tables. The engine file reads and writes them directly, so that a 100k-release index
 * is saved and loaded as typed arrays instead of MiniSearch's object form (see engine-file.ts).
 * The package is pinned to one version; `internalsOf` checks the shape it relies on.
 */
export interface MiniSearchInternals {
  _index: {
    get(term: string): FieldPostings | undefined;
    /** The terms starting with a prefix (the prefix itself included). */
    atPrefix(prefix: string): Iterable<[string, FieldPostings]>;
    /** The terms within an edit distance, with their distance. */
    fuzzyGet(term: string, maxDistance: number): Map<string, [FieldPostings, number]>;
    set(term: string, data: FieldPostings): unknown;
    [Symbol.iterator](): Iterator<[string, FieldPostings]>;
    readonly size: number;
  };
  _documentIds: Map<number, string>;
  _idToShortId: Map<string, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, Record<string, unknown>>;
  _documentCount: number;
  _nextId: number;
  _dirtCount: number;
}

/** The internals of a MiniSearch instance, or an error naming the package version it needs. */
export function internalsOf(ms: MiniSearch<never> | MiniSearch<unknown>): MiniSearchInternals {
  const m = ms as unknown as Partial<MiniSearchInternals>;
  const ok =
    m._index !== undefined && typeof m._index.get === 'function' && typeof m._index.set === 'function' &&
    typeof m._index.atPrefix === 'function' && typeof m._index.fuzzyGet === 'function' &&
    m._documentIds instanceof Map && m._idToShortId instanceof Map && m._fieldLength instanceof Map &&
    m._storedFields instanceof Map && Array.isArray(m._avgFieldLength) && typeof m._fieldIds === 'object' &&
    typeof m._documentCount === 'number' && typeof m._nextId === 'number' && typeof m._dirtCount === 'number';
  if (!ok) throw new Error('the installed minisearch is not the version this build was written for (7.2.0); run `npm ci`');
  return m as MiniSearchInternals;
}
