/**
 * The `limit` keys counted most, kept in order as they are added (more first; equal counts by
 * `keyBefore`): a facet over 100,000 matches holds thousands of values, and only its best few are
 * shown, so they are picked while reading instead of sorting every value.
 */
export class TopCounts<K> {
  private readonly keys: K[] = [];
  private readonly counts: number[] = [];

  constructor(private readonly limit: number, private readonly keyBefore: (a: K, b: K) => boolean) {}

  private before(key: K, count: number, i: number): boolean {
    const d = count - this.counts[i]!;
    return d > 0 || (d === 0 && this.keyBefore(key, this.keys[i]!));
  }

  add(key: K, count: number): void {
    const { keys, counts, limit } = this;
    if (limit <= 0) return;
    if (keys.length === limit && !this.before(key, count, limit - 1)) return;
    let at = keys.length === limit ? limit - 1 : keys.length;
    while (at > 0 && this.before(key, count, at - 1)) {
      keys[at] = keys[at - 1]!;
      counts[at] = counts[at - 1]!;
      at--;
    }
    keys[at] = key;
    counts[at] = count;
  }

  /** The keys kept with their counts, best first. */
  entries(): [K, number][] {
    return this.keys.map((k, i) => [k, this.counts[i]!]);
  }
}
