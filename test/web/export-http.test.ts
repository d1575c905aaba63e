import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/clean/release.js';
import type { Engine } from '../../src/engine/engine.js';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { EXPORT_PAGE } from '../../src/search/export.js';
import { createApp } from '../../src/web/create-app.js';
import { FIXTURES, filesUnder, ingest, INGEST } from '../support/ingest-fixtures.js';

/** The app on port 0 over `engine`, with an export cap. */
async function serve(engine: Engine, exportCap?: number) {
  const server = createApp({ getEngine: () => engine, logger: pino({ level: 'silent' }), exportCap }).listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

describe('an export that reaches its cap', () => {
  let app: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    const { releases } = ingest([...filesUnder(join(INGEST, 'seeds'))], FIXTURES);
    app = await serve(MemoryEngine.fromReleases(releases), 2);
  });
  afterAll(() => app.close());

  it('states the cap in a header and ends with a line saying so, in every format', async () => {
    const res = await fetch(`${app.url}/api/export?q=Lorus&sort=date`);
    expect(res.headers.get('x-export-cap')).toBe('2');
    const total = Number(res.headers.get('x-total-matches'));
    expect(total).toBeGreaterThan(2);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    expect(rows[2]!.id).toBe(`# export capped at 2 rows of ${total} matches; narrow the search (company:, year:, from:, to:) for the rest`);
    const nd = (await (await fetch(`${app.url}/api/export?q=Lorus&sort=date&format=ndjson`)).text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(nd).toHaveLength(3);
    expect(nd[2]).toMatchObject({ capped: true, cap: 2, exported: 2, total });
    const json = (await (await fetch(`${app.url}/api/export?q=Lorus&sort=date&format=json`)).json()) as Record<string, unknown>;
    expect(json).toMatchObject({ exported: 2, total, capped: true, cap: 2 });
    expect(json['results']).toHaveLength(2);
  });
});

describe('a client that disconnects mid-export', () => {
  const N = 4000;
  // long rows (an EDGAR link of 3,000 characters), so that the export is far more than the socket buffers hold
  const releases: Release[] = Array.from({ length: N }, (_, i) => ({
    id: (0x100000000 + i).toString(16).padStart(16, '0'), title: `Widget order ${i}`, subtitle: '', date: '2010-01-01', place: '', company: 'Acme Widgets Inc.', tickers: [],
    body: `Acme Widgets received widget order ${i} today.`, sources: [{ file: `w${i}.txt`, part: 'document', secUrl: `https://www.sec.gov/${'x'.repeat(3000)}/${i}` }], removed: [],
  }));
  let read = 0;
  let app: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    const engine = MemoryEngine.fromReleases(releases);
    // the real engine, counting the rows an export reads
    const counting = Object.create(engine) as MemoryEngine;
    counting.leads = async (ids, part) => {
      read += ids.length;
      return engine.leads(ids, part);
    };
    app = await serve(counting);
  });
  afterAll(() => app.close());

  it('stops the export: no more than a page is read after the connection closes', async () => {
    const atClose = await new Promise<number>((resolve, reject) => {
      const req = request(`${app.url}/api/export?q=widget&format=csv`, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve(read);
        });
      });
      req.on('error', (err) => (err.message.includes('socket hang up') || (err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
      req.end();
    });
    let last = -1;
    while (last !== read) {
      last = read;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(atClose).toBeLessThan(N);
    expect(read - atClose).toBeLessThanOrEqual(2 * EXPORT_PAGE);
    expect(read).toBeLessThan(N / 2);
    // and the server still answers the next one whole
    const rows = parse(await (await fetch(`${app.url}/api/export?q=widget&format=csv`)).text(), { columns: true }) as unknown[];
    expect(rows).toHaveLength(N);
  });
});
