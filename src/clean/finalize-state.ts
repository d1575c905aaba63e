/**
 * What corpus-level cleaning knew when it last ran, kept so that new filings can be cleaned
 * against it without the drafts of the whole corpus. Releases are numbered in the order they were
 * met; everything indexed by release number has one entry per release, kept or dropped. Stored
 * compactly (typed arrays, coded strings): a 100,000-release state decodes in tens of
 * milliseconds, where arrays of small arrays and strings took 400.
 */
export interface FinalizeState {
  version: typeof FINALIZE_STATE_VERSION;
  /** Release ids, joined by '\n'. */
  ids: string;
  dates: Coded;
  /** Issuer key (lower-cased canonical company; '' when unknown). */
  issuers: Coded;
  /** Paragraph indexes (of the merged body) recurrence must not remove. */
  keep: IntLists;
  /** Paragraph indexes (of the merged body) recurrence removed. */
  recurAt: IntLists;
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
  /** `RECURRENCE - 1` release numbers per fingerprint (-1: none). */
  holders: Int32Array;
}

export const FINALIZE_STATE_VERSION = 2;

/** Strings as codes into a table of the distinct ones. */
export interface Coded {
  names: string[];
  of: Int32Array;
}

/** A list of numbers per release: release i's are values[offsets[i]] up to values[offsets[i + 1]]. */
export interface IntLists {
  offsets: Int32Array;
  values: Int32Array;
}

export function coded(values: readonly string[], base?: Coded): Coded {
  const names = [...(base?.names ?? [])];
  const code = new Map(names.map((n, i) => [n, i]));
  const from = base?.of.length ?? 0;
  const of = new Int32Array(from + values.length);
  if (base) of.set(base.of);
  values.forEach((v, i) => {
    let c = code.get(v);
    if (c === undefined) {
      c = names.length;
      names.push(v);
      code.set(v, c);
    }
    of[from + i] = c;
  });
  return { names, of };
}

export function codedAt(c: Coded, i: number): string {
  return c.names[c.of[i]!]!;
}

/** Lists as IntLists: those of `base` (with `replaced` ones changed), then `appended`. */
export function intLists(appended: readonly (readonly number[])[], base?: IntLists, replaced?: ReadonlyMap<number, readonly number[]>): IntLists {
  const n0 = base ? base.offsets.length - 1 : 0;
  const offsets = new Int32Array(n0 + appended.length + 1);
  let size = 0;
  for (let i = 0; i < n0; i++) {
    offsets[i] = size;
    size += replaced?.get(i)?.length ?? base!.offsets[i + 1]! - base!.offsets[i]!;
  }
  for (let k = 0; k < appended.length; k++) {
    offsets[n0 + k] = size;
    size += appended[k]!.length;
  }
  offsets[n0 + appended.length] = size;
  const values = new Int32Array(size);
  if (base && (!replaced || replaced.size === 0)) values.set(base.values);
  else for (let i = 0; i < n0; i++) values.set(replaced?.get(i) ?? base!.values.subarray(base!.offsets[i]!, base!.offsets[i + 1]!), offsets[i]!);
  appended.forEach((list, k) => values.set(list, offsets[n0 + k]!));
  return { offsets, values };
}

export function listAt(l: IntLists, i: number): number[] {
  return Array.from(l.values.subarray(l.offsets[i]!, l.offsets[i + 1]!));
}

/** Whether a decoded value has the shape of a FinalizeState (it comes from disk). */
export function isFinalizeState(v: unknown): v is FinalizeState {
  const s = v as FinalizeState;
  if (typeof s !== 'object' || s === null || s.version !== FINALIZE_STATE_VERSION || typeof s.ids !== 'string') return false;
  const isCoded = (c: Coded) => Array.isArray(c?.names) && c.of instanceof Int32Array;
  const isLists = (l: IntLists) => l?.offsets instanceof Int32Array && l.values instanceof Int32Array;
  if (!isCoded(s.dates) || !isCoded(s.issuers) || !isLists(s.keep) || !isLists(s.recurAt)) return false;
  const n = s.dates.of.length;
  return (
    s.issuers.of.length === n && s.keep.offsets.length === n + 1 && s.recurAt.offsets.length === n + 1 &&
    Array.isArray(s.dropped) && Array.isArray(s.clusters) && Array.isArray(s.unusedTitleWords) && s.fps instanceof Float64Array &&
    s.counts instanceof Uint8Array && s.counts.length === s.fps.length && s.holders instanceof Int32Array
  );
}
