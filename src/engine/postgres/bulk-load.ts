import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Release } from '../../clean/release.js';
import { POSTING_COLUMNS, RELEASE_COLUMNS } from './copy-batch.js';
import { copyBatches } from './copy-batches.js';

/** What a load sums for the commit: the field lengths and how codes and compounds are written. */
export interface Loaded {
  lenTitle: number;
  lenBody: number;
  display: Map<string, string>;
}

/**
 * Load releases into `releases` and `postings` tables with two COPYs at once, one per connection
 * (`toReleases`, `toPostings`: on one connection the second COPY would wait for the first, and its
 * rows would be held in memory meanwhile), fed batch by batch as the rows are made (copy-batches.ts).
 * Each COPY is one statement of its connection's transaction.
 */
export async function bulkLoad(
  toReleases: ClientBase,
  toPostings: ClientBase,
  tables: { releases: string; postings: string },
  upserts: readonly { release: Release; hash: string }[],
  rels: readonly number[],
): Promise<Loaded> {
  const streams = [
    toReleases.query(copyFrom(`COPY ${tables.releases} (${RELEASE_COLUMNS.join(', ')}) FROM STDIN`)),
    toPostings.query(copyFrom(`COPY ${tables.postings} (${POSTING_COLUMNS.join(', ')}) FROM STDIN`)),
  ] as const;
  // observed from the start: an error of either surfaces here, never as an unhandled 'error'
  const done = streams.map((s) => finished(s));
  for (const d of done) d.catch(() => {});
  const write = async (s: Writable, text: string) => {
    if (text && !s.write(text)) await once(s, 'drain');
  };
  const out: Loaded = { lenTitle: 0, lenBody: 0, display: new Map() };
  try {
    for await (const batch of copyBatches(upserts, rels)) {
      out.lenTitle += batch.lenTitle;
      out.lenBody += batch.lenBody;
      for (const [term, shown] of batch.display) if (!out.display.has(term)) out.display.set(term, shown);
      await Promise.all([write(streams[0], batch.releases), write(streams[1], batch.postings)]);
    }
  } catch (err) {
    for (const s of streams) s.destroy(err as Error);
    await Promise.allSettled(done);
    throw err;
  }
  for (const s of streams) s.end();
  await Promise.all(done);
  return out;
}
