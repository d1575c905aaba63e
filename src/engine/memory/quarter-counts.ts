import { quarterKey } from '../engine.js';

// quarters of 1900–2155 in an array (as the year facet's years); any other date in a Map
const FIRST_YEAR = 1900;
const YEARS = 256;

/** Releases per quarter of their date (`2004-Q1`) among `docs`, from the days by release number (0: undated, left out). */
export function quarterCounts(docs: ArrayLike<number>, day: Int32Array): Map<string, number> {
  const perQuarter = new Int32Array(YEARS * 4);
  const other = new Map<string, number>();
  for (let i = 0; i < docs.length; i++) {
    const d = day[docs[i]!]!;
    if (d <= 0) continue;
    const y = (d / 10000) | 0;
    const m = ((d / 100) | 0) % 100;
    if (m < 1 || m > 12) continue;
    if (y >= FIRST_YEAR && y < FIRST_YEAR + YEARS) perQuarter[(y - FIRST_YEAR) * 4 + (((m - 1) / 3) | 0)]!++;
    else {
      const k = quarterKey(d)!;
      other.set(k, (other.get(k) ?? 0) + 1);
    }
  }
  const out = new Map<string, number>();
  perQuarter.forEach((count, i) => {
    if (count) out.set(`${FIRST_YEAR + (i >> 2)}-Q${(i & 3) + 1}`, count);
  });
  for (const [k, count] of other) out.set(k, count);
  return out;
}
