import { tokenize } from '../src/analysis/terms.js';

/**
 * The two floors a real index is judged against, over the same bodies: a linear scan of the
 * lower-cased text (what no index costs) and a bare inverted index intersect (what an ideal
 * index costs: no scoring, no snippets).
 */
export class Floors {
  private readonly lower: string[];
  private readonly postings = new Map<string, Int32Array>();

  constructor(bodies: readonly string[]) {
    this.lower = bodies.map((b) => b.toLowerCase());
    const lists = new Map<string, number[]>();
    bodies.forEach((b, doc) => {
      for (const term of new Set(tokenize(b).map((t) => t.term))) {
        const list = lists.get(term);
        if (list) list.push(doc);
        else lists.set(term, [doc]);
      }
    });
    for (const [term, list] of lists) this.postings.set(term, Int32Array.from(list));
  }

  /** Documents containing every word, by scanning all the text. */
  scan(words: readonly string[]): number {
    let n = 0;
    for (const text of this.lower) if (words.every((w) => text.includes(w))) n++;
    return n;
  }

  /** Documents containing every term, by intersecting sorted posting lists. */
  intersect(terms: readonly string[]): number {
    const lists = terms.map((t) => this.postings.get(t) ?? new Int32Array(0)).sort((a, b) => a.length - b.length);
    if (lists.length === 0) return 0;
    let acc: Int32Array = lists[0]!;
    for (const next of lists.slice(1)) {
      const out = new Int32Array(Math.min(acc.length, next.length));
      let i = 0;
      let j = 0;
      let k = 0;
      while (i < acc.length && j < next.length) {
        if (acc[i]! < next[j]!) i++;
        else if (acc[i]! > next[j]!) j++;
        else {
          out[k++] = acc[i]!;
          i++;
          j++;
        }
      }
      acc = out.subarray(0, k);
    }
    return acc.length;
  }
}
