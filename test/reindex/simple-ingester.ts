import { createHash } from 'node:crypto';
import type { Release } from '../../src/clean/release.js';
import type { Ingester } from '../../src/reindex/ingester.js';

/**
 * A deliberately plain ingester for testing the index machinery on its own: one release per
 * `<DOCUMENT>` / blank-line-separated block that starts with a capitalised headline-ish line,
 * identified by its normalised body so the same text in two files merges into one release.
 */
export const simpleIngester: Ingester<Release> = {
  ingestFile(file, bytes) {
    const text = new TextDecoder('latin1').decode(bytes);
    if (!text.trim()) return { drafts: [], skipped: [{ file, part: 'document', reason: 'empty file' }] };
    const paragraphs = text.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
    const body = paragraphs.slice(1).join('\n\n');
    const id = createHash('sha256').update(body.toLowerCase()).digest('hex').slice(0, 12);
    return {
      drafts: [{ id, title: paragraphs[0] ?? '', subtitle: '', date: '', place: '', company: 'Test', tickers: [], body, sources: [{ file, part: 'document' }], removed: [] }],
      skipped: [],
    };
  },
  finalize(drafts) {
    const byId = new Map<string, Release>();
    for (const d of drafts) {
      const seen = byId.get(d.id);
      if (seen) seen.sources.push(...d.sources);
      else byId.set(d.id, { ...d, sources: [...d.sources] });
    }
    return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  },
};
