/**
 * How many releases hold each paragraph fingerprint, counted up to a cap, and which releases while
 * below it: what recurrence needs to learn, when a release is added, which others now repeat a
 * paragraph often enough to lose it. Sorted arrays (as saved) plus a map of what changed since.
 */
export class ParagraphCounts {
  private readonly changed = new Map<number, { count: number; holders: number[] }>();

  constructor(
    readonly cap: number,
    private readonly fps: Float64Array = new Float64Array(0),
    private readonly counts: Uint8Array = new Uint8Array(0),
    private readonly holders: Int32Array = new Int32Array(0),
  ) {}

  /** From fingerprints and the releases holding each (distinct, at least the first `cap`). */
  static fromMap(cap: number, seen: ReadonlyMap<number, readonly number[]>): ParagraphCounts {
    const fps = Float64Array.from(seen.keys()).sort();
    const counts = new Uint8Array(fps.length);
    const holders = new Int32Array(fps.length * (cap - 1)).fill(-1);
    fps.forEach((fp, i) => {
      const ids = seen.get(fp)!;
      counts[i] = Math.min(ids.length, cap);
      if (ids.length < cap) ids.forEach((h, k) => (holders[i * (cap - 1) + k] = h));
    });
    return new ParagraphCounts(cap, fps, counts, holders);
  }

  private find(fp: number): number {
    let lo = 0;
    let hi = this.fps.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.fps[mid]!;
      if (v === fp) return mid;
      if (v < fp) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private entry(fp: number): { count: number; holders: number[] } {
    const c = this.changed.get(fp);
    if (c) return c;
    const i = this.find(fp);
    if (i < 0) return { count: 0, holders: [] };
    const holders: number[] = [];
    const w = this.cap - 1;
    for (let k = 0; k < w; k++) if (this.holders[i * w + k]! >= 0) holders.push(this.holders[i * w + k]!);
    return { count: this.counts[i]!, holders };
  }

  /** Releases holding the fingerprint, counted up to the cap. */
  count(fp: number): number {
    const c = this.changed.get(fp);
    if (c) return c.count;
    const i = this.find(fp);
    return i < 0 ? 0 : this.counts[i]!;
  }

  /**
   * Count one more release holding the fingerprint (once per release). Returns the releases that
   * held it before when this one brings it to the cap (they must be cleaned again), else [].
   */
  add(fp: number, holder: number): number[] {
    const e = this.entry(fp);
    if (e.count >= this.cap || e.holders.includes(holder)) return [];
    const next = { count: e.count + 1, holders: e.count + 1 < this.cap ? [...e.holders, holder] : [] };
    this.changed.set(fp, next);
    return next.count === this.cap ? e.holders : [];
  }

  /** The counts as sorted arrays, for saving: unchanged runs copied whole, changed entries merged in. */
  toArrays(): { fps: Float64Array; counts: Uint8Array; holders: Int32Array } {
    if (this.changed.size === 0) return { fps: this.fps, counts: this.counts, holders: this.holders };
    const keys = Float64Array.from(this.changed.keys()).sort();
    const inserted = keys.filter((fp) => this.find(fp) < 0).length;
    const n = this.fps.length + inserted;
    const w = this.cap - 1;
    const fps = new Float64Array(n);
    const counts = new Uint8Array(n);
    const holders = new Int32Array(n * w);
    let i = 0; // next base entry
    let k = 0; // next output entry
    const copyBase = (end: number): void => {
      fps.set(this.fps.subarray(i, end), k);
      counts.set(this.counts.subarray(i, end), k);
      holders.set(this.holders.subarray(i * w, end * w), k * w);
      k += end - i;
      i = end;
    };
    for (const fp of keys) {
      let lo = i;
      let hi = this.fps.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.fps[mid]! < fp) lo = mid + 1;
        else hi = mid;
      }
      copyBase(lo);
      if (i < this.fps.length && this.fps[i] === fp) i++;
      const c = this.changed.get(fp)!;
      fps[k] = fp;
      counts[k] = c.count;
      for (let x = 0; x < w; x++) holders[k * w + x] = c.holders[x] ?? -1;
      k++;
    }
    copyBase(this.fps.length);
    return { fps, counts, holders };
  }
}
