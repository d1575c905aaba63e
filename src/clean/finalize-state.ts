/**
 * What corpus-level cleaning knew when it last ran, kept so that new filings can be cleaned
 * against it without the drafts of the whole corpus. Releases are numbered in the order they were
 * met; all arrays indexed by release number have one entry per release, kept or dropped.
 */
export interface FinalizeState {
  version: typeof FINALIZE_STATE_VERSION;
  ids: string[];
  dates: string[];
  /** Issuer key (lower-cased canonical company; '' when unknown). */
  issuers: string[];
  /** Paragraph indexes (of the merged body) recurrence must not remove. */
  keep: number[][];
  /** Paragraph indexes (of the merged body) recurrence removed. */
  recurAt: number[][];
  /** Releases every paragraph of which recurrence removed: in no store. */
  dropped: number[];
  /**
   * Releases whose copies the store alone cannot give: groups of several same-id clusters, and
   * dropped releases. Every cluster's id and shingles.
   */
  clusters: { release: number; ids: string[]; shingles: Int32Array[] }[];
  /** Words of differing headlines that no body uses: a body that does may change a headline. */
  unusedTitleWords: string[];
  /** Paragraph fingerprints, sorted; how many releases hold each (capped); below the cap, which. */
  fps: Float64Array;
  counts: Uint8Array;
  /** `HOLDERS` release numbers per fingerprint (-1: none). */
  holders: Int32Array;
}

export const FINALIZE_STATE_VERSION = 1;

/** Whether a decoded value has the shape of a FinalizeState (it comes from disk). */
export function isFinalizeState(v: unknown): v is FinalizeState {
  const s = v as FinalizeState;
  if (typeof s !== 'object' || s === null || s.version !== FINALIZE_STATE_VERSION) return false;
  const n = s.ids?.length;
  return (
    Array.isArray(s.ids) && s.dates?.length === n && s.issuers?.length === n && s.keep?.length === n && s.recurAt?.length === n &&
    Array.isArray(s.dropped) && Array.isArray(s.clusters) && Array.isArray(s.unusedTitleWords) && s.fps instanceof Float64Array && s.counts instanceof Uint8Array &&
    s.counts.length === s.fps.length && s.holders instanceof Int32Array
  );
}
