import type { Release } from '../../clean/release.js';
import { arrayLiteral, copyText } from './copy-rows.js';
import { releaseRow } from './release-row.js';

/** The releases of one batch as COPY text for `releases` and `postings`, with what the commit sums from them. */
export interface CopyBatch {
  releases: string;
  postings: string;
  /** Summed distinct-term counts of the headline field and the body (BM25's field lengths). */
  lenTitle: number;
  lenBody: number;
  /** How codes and compounds are written, first occurrence first (the batch's releases in order). */
  display: [string, string][];
  /** Code keys the releases name (an incremental commit recomputes their spellings). */
  codes: string[];
  /** Per term: [releases with it in the headline field, in the body, at all] (an incremental commit's deltas). */
  df?: [string, number, number, number][];
}

/** The columns of `releases` in the order `copyBatch` writes them. */
export const RELEASE_COLUMNS = ['rel', 'id', 'hash', 'doc', 'company', 'company_words', 'tickers', 'day', 'cik', 'forms', 'codes', 'code_names', 'trials', 'phases', 'len_title', 'len_body', 'terms', 'words', 'pairs'] as const;
export const POSTING_COLUMNS = ['term', 'rel', 'tf_title', 'tf_body'] as const;

/**
 * Turn releases into COPY text (a pure function: the same on a worker thread as here). One string
 * per table, appended to: a string per cell and per line cost more in allocation and collection
 * than the tokenizing itself.
 */
export function copyBatch(upserts: readonly { release: Release; hash: string }[], rels: readonly number[], withDf: boolean): CopyBatch {
  let releases = '';
  let postings = '';
  let lenTitle = 0;
  let lenBody = 0;
  const display: [string, string][] = [];
  const shown = new Set<string>();
  const codes = new Set<string>();
  const df = withDf ? new Map<string, [number, number, number]>() : undefined;
  for (let i = 0; i < upserts.length; i++) {
    const { release, hash } = upserts[i]!;
    const row = releaseRow(release, hash);
    const rel = rels[i]!;
    const tail = `\t${rel}\t`;
    for (const [term, [title, body]] of row.postings) {
      postings += `${copyText(term)}${tail}${title}\t${body}\n`;
      if (df) {
        const d = df.get(term);
        if (d) {
          d[0] += title > 0 ? 1 : 0;
          d[1] += body > 0 ? 1 : 0;
          d[2] += 1;
        } else df.set(term, [title > 0 ? 1 : 0, body > 0 ? 1 : 0, 1]);
      }
    }
    lenTitle += row.lenTitle;
    lenBody += row.lenBody;
    for (const c of row.codes) codes.add(c);
    for (const d of row.display) {
      if (shown.has(d[0])) continue;
      shown.add(d[0]);
      display.push(d);
    }
    releases +=
      `${rel}\t${copyText(row.id)}\t${copyText(row.hash)}\t${copyText(row.doc)}\t${copyText(row.company)}\t${copyText(arrayLiteral(row.companyWords))}\t` +
      `${copyText(arrayLiteral(row.tickers))}\t${row.day}\t${copyText(row.cik)}\t${copyText(arrayLiteral(row.forms))}\t` +
      `${copyText(arrayLiteral(row.codes))}\t${copyText(arrayLiteral(row.codeNames))}\t${copyText(arrayLiteral(row.trials))}\t${copyText(arrayLiteral(row.phases))}\t` +
      `${row.lenTitle}\t${row.lenBody}\t${copyText(row.terms)}\t${copyText(row.words)}\t${copyText(row.pairs)}\n`;
  }
  const out: CopyBatch = { releases, postings, lenTitle, lenBody, display, codes: [...codes] };
  if (df) out.df = [...df].map(([term, [t, b, n]]) => [term, t, b, n]);
  return out;
}
