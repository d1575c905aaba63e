import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { capped, EXPORT_COLUMNS, exportFileName, exportPages, neutralise, type ExportPage } from '../../src/search/export.js';
import { exportChunks } from '../../src/search/export-write.js';
import { search } from '../../src/search/search.js';
import type { Order } from '../../src/engine/engine.js';
import { webIndex } from '../web/start-app.js';

const engine = webIndex();

async function searchIds(q: string, sort: Order): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const out = await search(engine, { q, page, size: 3, sort });
    ids.push(...out.results.map((r) => r.id));
    if (out.results.length < 3) return ids;
  }
}

async function collect(pages: AsyncIterable<ExportPage>) {
  const rows = [];
  for await (const p of pages) rows.push(...p.rows);
  return rows;
}

describe('exportPages', () => {
  it('exports exactly what the search finds, in its order, for every query kind', async () => {
    const queries = ['Lorus', 'GTI 2040', 'gti2040', '"renal cell"', 'clotrim*', 'Virulizin -gemcitabine', 'siRNA OR antisense', 'company:lorus year:2004', 'virulzin', 'nothingmatchesthis', '-lorus', ''];
    for (const q of queries) {
      for (const sort of ['relevance', 'date', 'date-asc'] as const) {
        const rows = await collect(exportPages(engine, { q, sort }, { origin: '', pageSize: 2 }));
        expect(rows.map((r) => r.id), `${q} ${sort}`).toEqual(await searchIds(q, sort));
      }
    }
  });

  it('gives the snippet as the search shows it, as plain text, and stops at the cap', async () => {
    const [row] = await collect(exportPages(engine, { q: 'GTI-2040', sort: 'relevance' }, { origin: 'https://s.example' }));
    const hit = (await search(engine, { q: 'GTI-2040', page: 1, size: 1, sort: 'relevance' })).results[0]!;
    expect(row!.snippet).toBe(hit.snippetRuns.map((r) => r.text).join(''));
    expect(row!.url).toBe(`https://s.example/release/${hit.id}`);
    expect(row!.cik).toBe('');
    const few = await collect(exportPages(engine, { q: 'Lorus', sort: 'date' }, { origin: '', cap: 2, pageSize: 1 }));
    expect(few).toHaveLength(2);
  });

  it('stops between pages once the client is gone', async () => {
    let pages = 0;
    for await (const _ of exportPages(engine, { q: 'Lorus', sort: 'date' }, { origin: '', pageSize: 1, stopped: () => pages >= 2 })) pages++;
    expect(pages).toBe(2);
  });

  it('reads the EDGAR identity from a release once it has one', async () => {
    const { releaseRow } = await import('../../src/search/export.js');
    const [release] = await engine.releases([(await search(engine, { q: 'GTI-2040', page: 1, size: 1, sort: 'relevance' })).results[0]!.id]);
    const row = releaseRow({ ...release!, cik: '0000950123', form: '8-K', accession: '0000950123-04-000001', filedAt: '2004-03-04', secUrl: 'https://www.sec.gov/x' } as typeof release & object, [], '');
    expect([row.cik, row.form, row.accession, row.filed_at, row.sec_url]).toEqual(['0000950123', '8-K', '0000950123-04-000001', '2004-03-04', 'https://www.sec.gov/x']);
  });
});

describe('exportChunks', () => {
  it('ends a capped CSV and NDJSON with a line saying so', async () => {
    const pages = () => exportPages(engine, { q: 'Lorus', sort: 'date' }, { origin: '', cap: 2 });
    let csv = '';
    for await (const c of exportChunks('csv', pages(), { request: { q: 'Lorus', sort: 'date' }, cap: 2 })) csv += c;
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    expect(rows[2]!.id).toMatch(/^# export capped at 2 rows of \d+ matches/);
    let nd = '';
    for await (const c of exportChunks('ndjson', pages(), { request: { q: 'Lorus', sort: 'date' }, cap: 2 })) nd += c;
    const last = JSON.parse(nd.trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ capped: true, cap: 2, exported: 2 });
    expect(capped(2, 2, 2)).toBe(false);
    expect(Object.keys(rows[0]!)).toEqual([...EXPORT_COLUMNS]);
  });

  it('neutralises formula cells and names files after the query', () => {
    for (const c of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutralise(c)).toBe(`'${c}`);
    expect(neutralise('Lorus = good')).toBe('Lorus = good');
    expect(exportFileName('GTI-2040 "renal cell"', 'csv')).toBe('gti-2040-renal-cell.csv');
    expect(exportFileName('', 'ndjson')).toBe('releases.ndjson');
    expect(exportFileName('Société Générale', 'json')).toBe('societe-generale.json');
    expect(exportFileName('"; rm -rf /', 'csv')).toBe('rm-rf.csv');
  });
});
