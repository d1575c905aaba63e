import { join } from 'node:path';
import { withEntities } from '../../src/analysis/entities.js';
import type { Release } from '../../src/clean/release.js';
import type { Engine } from '../../src/engine/engine.js';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { FIXTURES, filesUnder, ingestAnalysed, INGEST } from '../support/ingest-fixtures.js';

const made = (id: string, date: string, title: string, body: string): Release =>
  withEntities({ id, title, subtitle: '', date, place: '', company: 'Acme Biologics Inc.', tickers: [], body, sources: [{ file: `made/${id}.txt`, part: '1' }], removed: [] });

/**
 * The real seed filings and the hostile one, ingested with their entities, and three releases
 * written for these tests (the corpus names no trial registry id): a trial named in two of
 * them, hostile text in the sentences around a code and a trial.
 */
export function entityIndex(): Engine {
  const { releases } = ingestAnalysed([...filesUnder(join(INGEST, 'seeds')), join(FIXTURES, 'hostile', 'xss-8k-ex99.htm')], FIXTURES);
  return MemoryEngine.fromReleases([
    ...releases,
    made('made000000000001', '2005-03-01', 'Acme starts Phase 2b trial of XSS-101', 'The Phase 2b trial of XSS-101 (NCT01234567) enrolled its first patient. <script>window.__pwned="sentence"</script> XSS-101 is given with GTI-2040.'),
    made('made000000000002', '2006-09-15', 'XSS-101 pivotal results', 'The pivotal Phase 3 study NCT01234567 of XSS-101 met its goal; EudraCT 2020-001234-56 is its European record. "<img src=x onerror=alert(1)>" was the slogan.'),
    made('made000000000003', '2006-10-01', 'Acme names Virulizin® partner', 'Virulizin® (GTI-2040) rights go to a partner under ISRCTN12345678.'),
  ]);
}
