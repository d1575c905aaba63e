/** Matches of (part of) a query: ascending release numbers, their scores and matched query terms. */
export interface Matches {
  docs: Int32Array;
  scores: Float64Array;
  /** Bit i set: the i-th distinct query term matched (MiniSearch multiplies by their count). */
  masks: Uint32Array;
}

// Result arrays kept for reuse; a query needing more gets fresh ones (left to the collector).
const POOLED_RESULTS = 8;

/**
 * Scratch arrays sized to the index, reused by every query on one engine, and the arrays results
 * are written to: a common word's 80,000 matches need 1.3 MB, and allocating that per query made
 * the collector a quarter of the query time at 100k releases. A query's results stay valid until
 * the next query begins (`epoch` tells them apart).
 */
export class MatchScratch {
  readonly acc: Float64Array;
  readonly mark: Uint8Array;
  /** The releases marked so far, in the order met. */
  readonly touched: Int32Array;
  /** The same for an OR of many items (match-query.ts unionAll), which sums whole items' results. */
  readonly orAcc: Float64Array;
  readonly orMask: Uint32Array;
  readonly orMark: Uint8Array;
  readonly orTouched: Int32Array;
  orBusy = false;
  /**
   * The OR being summed covers much of the index: its sums start zeroed and every posting adds in
   * without noting which releases it touched (the result is read off a scan of the marks). The
   * bookkeeping of touched releases, a branch and a dependent store per posting, had doubled the
   * cost of summing a common word.
   */
  orDense = false;
  /** Marks of the releases an AND's cheapest item left, one per nesting level (see match-query.ts). */
  private readonly restrictions: Uint8Array[] = [];
  private restricted = 0;
  private readonly pool: Matches[] = [];
  private used = 0;
  /** Bumped when a query begins: results of earlier queries are void. */
  epoch = 0;

  constructor(readonly size: number) {
    this.acc = new Float64Array(size);
    this.mark = new Uint8Array(size);
    this.touched = new Int32Array(size);
    this.orAcc = new Float64Array(size);
    this.orMask = new Uint32Array(size);
    this.orMark = new Uint8Array(size);
    this.orTouched = new Int32Array(size);
  }

  begin(): void {
    this.used = 0;
    // a query that threw mid-way leaves its restrictions marked
    for (let i = 0; i < this.restricted; i++) this.restrictions[i]!.fill(0);
    this.restricted = 0;
    this.epoch++;
  }

  /** Mark `docs` in a fresh restriction (valid until `unrestrict`, which must come in reverse order). */
  restrict(docs: Int32Array): Uint8Array {
    const marks = (this.restrictions[this.restricted] ??= new Uint8Array(this.size));
    this.restricted++;
    for (let i = 0; i < docs.length; i++) marks[docs[i]!] = 1;
    return marks;
  }

  unrestrict(marks: Uint8Array, docs: Int32Array): void {
    for (let i = 0; i < docs.length; i++) marks[docs[i]!] = 0;
    this.restricted--;
  }

  /** How many pooled result arrays are in use: `release(mark)` gives back those taken since. */
  get taken(): number {
    return this.used;
  }

  /** Give back the result arrays taken since `taken` read `mark` (their results are consumed). */
  release(mark: number): void {
    this.used = Math.min(this.used, mark);
  }

  /** Arrays for a result of at most `n` releases. */
  take(n: number): Matches {
    if (this.used < this.pool.length) return this.pool[this.used++]!;
    const fresh = { docs: new Int32Array(this.size), scores: new Float64Array(this.size), masks: new Uint32Array(this.size) };
    if (this.pool.length < POOLED_RESULTS) {
      this.pool.push(fresh);
      this.used++;
      return fresh;
    }
    return { docs: new Int32Array(n), scores: new Float64Array(n), masks: new Uint32Array(n) };
  }
}

/** The first n entries of result arrays. */

/** The first `n` matches, as views. */
export function head(r: Matches, n: number): Matches {
  return { docs: r.docs.subarray(0, n), scores: r.scores.subarray(0, n), masks: r.masks.subarray(0, n) };
}

/** The matches whose release passes `test`, compacted in place (the arrays are the query's own). */
export function keepWhere(r: Matches, test: (doc: number) => boolean): Matches {
  const { docs, scores, masks } = r;
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    if (!test(docs[i]!)) continue;
    docs[n] = docs[i]!;
    scores[n] = scores[i]!;
    masks[n] = masks[i]!;
    n++;
  }
  return head(r, n);
}
