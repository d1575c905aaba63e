import { TopCounts } from '../top-counts.js';

/** The best `limit` value numbers, ties by name in code-point order (as the page's facets break them). */
const byName = (limit: number, name: (n: number) => string) => new TopCounts<number>(limit, (a, b) => name(a) < name(b));

const named = (best: TopCounts<number>, name: (n: number) => string) => new Map(best.entries().map(([v, c]) => [name(v), c] as const));

/**
 * A list of strings per release (its codes, trials or phases) as numbers: each distinct value once
 * in `values`, each release's values as a run of `ids` from `start[doc]` to `start[doc + 1]`.
 * Counting a facet over 100,000 matches is then array increments, not Map updates.
 */
export class ValueLists {
  readonly start: Int32Array;
  readonly ids: Int32Array;
  readonly values: string[] = [];
  private readonly numbers = new Map<string, number>();

  /** `lists[doc]`: the values of release number `doc` (undefined: none). */
  constructor(lists: readonly (readonly string[] | undefined)[]) {
    this.start = new Int32Array(lists.length + 1);
    let total = 0;
    for (let doc = 0; doc < lists.length; doc++) {
      total += lists[doc]?.length ?? 0;
      this.start[doc + 1] = total;
    }
    this.ids = new Int32Array(total);
    let at = 0;
    for (const list of lists) {
      for (const v of list ?? []) {
        let n = this.numbers.get(v);
        if (n === undefined) {
          n = this.values.length;
          this.numbers.set(v, n);
          this.values.push(v);
        }
        this.ids[at++] = n;
      }
    }
  }

  /** The value's number, undefined when no release holds it. */
  number(value: string): number | undefined {
    return this.numbers.get(value);
  }

  /** A mask over value numbers: 1 where the value is one of `wanted`. */
  mask(wanted: ReadonlySet<string>): Uint8Array {
    const m = new Uint8Array(this.values.length);
    for (const v of wanted) {
      const n = this.numbers.get(v);
      if (n !== undefined) m[n] = 1;
    }
    return m;
  }

  /** Whether release `doc` holds a value the mask marks. */
  holds(doc: number, mask: Uint8Array): boolean {
    for (let k = this.start[doc]!, end = this.start[doc + 1]!; k < end; k++) if (mask[this.ids[k]!]) return true;
    return false;
  }

  /** How many of the releases `docs` hold each value (by value number). */
  count(docs: ArrayLike<number>, n = docs.length): Int32Array {
    const counts = new Int32Array(this.values.length);
    const { start, ids } = this;
    for (let i = 0; i < n; i++) {
      const doc = docs[i]!;
      for (let k = start[doc]!, end = start[doc + 1]!; k < end; k++) counts[ids[k]!]!++;
    }
    return counts;
  }

  // counts by value number, all zero between calls (countNamed resets what it touched)
  private scratch: Int32Array | undefined;
  private touched: Int32Array | undefined;

  /**
   * The counts of `docs` as a Map by name (`name(n)`), visiting only the values they hold: a rare
   * word's 100 matches cost 100 increments, not a pass over 50,000 codes, and 3,000 matches
   * neither a Map update per value held nor a pass over every value. Names in value-number order,
   * as `toMap(count(…))` gives them; with `limit`, only the `limit` most counted (see `top`).
   */
  countNamed(docs: ArrayLike<number>, n: number, name: (n: number) => string, limit?: number): Map<string, number> {
    const counts = (this.scratch ??= new Int32Array(this.values.length));
    const touched = (this.touched ??= new Int32Array(this.values.length));
    const { start, ids } = this;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const doc = docs[i]!;
      for (let j = start[doc]!, end = start[doc + 1]!; j < end; j++) {
        const v = ids[j]!;
        if (counts[v]!++ === 0) touched[k++] = v;
      }
    }
    let out: Map<string, number>;
    if (limit !== undefined && k > limit) {
      const best = byName(limit, name);
      for (let i = 0; i < k; i++) best.add(touched[i]!, counts[touched[i]!]!);
      out = named(best, name);
    } else if (k * 8 >= counts.length) {
      // most values held: one pass in value order
      out = ValueLists.toMap(counts, name);
    } else {
      const held = touched.subarray(0, k).sort();
      out = new Map<string, number>();
      for (let i = 0; i < k; i++) out.set(name(held[i]!), counts[held[i]!]!);
    }
    for (let i = 0; i < k; i++) counts[touched[i]!] = 0;
    return out;
  }

  /**
   * The `limit` values counted most, as a Map by name, most first (ties: the name first in
   * code-point order, as the page's facets break them): what a facet shows, without a Map of
   * every value a common word's matches hold.
   */
  static top(counts: Int32Array, name: (n: number) => string, limit: number): Map<string, number> {
    const best = byName(limit, name);
    for (let v = 0; v < counts.length; v++) if (counts[v]) best.add(v, counts[v]!);
    return named(best, name);
  }

  /** Counts by value number as a Map by name (`name(n)`), zeros left out. */
  static toMap(counts: Int32Array, name: (n: number) => string): Map<string, number> {
    const out = new Map<string, number>();
    // a loop, not forEach: a code facet passes over thousands of values on every search
    for (let n = 0; n < counts.length; n++) {
      const c = counts[n]!;
      if (c) out.set(name(n), c);
    }
    return out;
  }
}

/**
 * Which spelling of each code to show: the one most releases use, ties to the first in code-point
 * order. `keys[doc]` and `names[doc]` are parallel (a release's code keys and its spellings).
 */
export function codeDisplays(codes: ValueLists, names: readonly (readonly string[] | undefined)[]): string[] {
  const tallies = codes.values.map(() => new Map<string, number>());
  for (let doc = 0; doc < names.length; doc++) {
    const list = names[doc];
    if (!list) continue;
    for (let k = codes.start[doc]!, j = 0, end = codes.start[doc + 1]!; k < end; k++, j++) {
      const t = tallies[codes.ids[k]!]!;
      const name = list[j] ?? codes.values[codes.ids[k]!]!;
      t.set(name, (t.get(name) ?? 0) + 1);
    }
  }
  return tallies.map((t, n) => {
    let best = codes.values[n]!;
    let most = 0;
    for (const [name, c] of t) if (c > most || (c === most && name < best)) [best, most] = [name, c];
    return best;
  });
}
