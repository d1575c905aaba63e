import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EdgarClient, type EdgarClientOptions } from '../../src/edgar/edgar-client.js';
import { fetchExitCode, runFetch, type FetchRequest } from '../../src/edgar/run-fetch.js';
import { droppingMidBody, failing, fullSubmissions, startEdgarServer, type EdgarTestServer } from './edgar-server.js';

const UA = 'Press Release Search Tests tests@example.com';
let server: EdgarTestServer;
let corpus: string;
const docs = fullSubmissions();

beforeAll(async () => {
  server = await startEdgarServer();
});
afterAll(() => server.close());
beforeEach(() => {
  corpus = mkdtempSync(join(tmpdir(), 'edgar-fetch-'));
  server.requests.length = 0;
});
afterEach(() => rmSync(corpus, { recursive: true, force: true }));

const client = (o: Partial<EdgarClientOptions> = {}) => new EdgarClient({ userAgent: UA, baseUrl: server.url, rate: 10, backoffMs: 20, ...o });
const request = (r: Partial<FetchRequest>): FetchRequest => ({ tickers: [], ciks: [], days: [], forms: ['8-K', '6-K'], corpusDir: corpus, ...r });
const files = () => {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(join(d, e.name), `${rel}${e.name}/`) : out.push(`${rel}${e.name}`);
  };
  walk(corpus, '');
  return out.sort();
};
const same = (rel: string, accession: string) => expect(readFileSync(join(corpus, rel)).equals(readFileSync(docs.get(accession)!))).toBe(true);

describe('fetch by ticker and by CIK', () => {
  it('by ticker: the ticker list, the submissions and their older page, every 8-K byte for byte', async () => {
    const s = await runFetch(client(), request({ tickers: ['AAPL'] }));
    expect(s.failed).toEqual([]);
    expect(s.listed).toBe(6);
    expect(files()).toEqual([
      'edgar/320193/0000320193-19-000032.txt',
      'edgar/320193/0000320193-96-000027.txt',
      'edgar/320193/0000320193-99-000010.txt',
      'edgar/320193/0000912057-00-002128.txt',
      'edgar/320193/0001193125-11-009392.txt',
      'edgar/320193/0001193125-15-410853.txt',
    ]);
    same('edgar/320193/0000320193-19-000032.txt', '0000320193-19-000032');
    same('edgar/320193/0000320193-96-000027.txt', '0000320193-96-000027');
    expect(server.paths().slice(0, 3)).toEqual(['/files/company_tickers.json', '/submissions/CIK0000320193.json', '/submissions/CIK0000320193-submissions-001.json']);
    // the 4, 10-Q and 10-K are never asked for
    expect(server.paths().filter((p) => p.includes('-19-000041') || p.includes('-19-000010') || p.includes('99-010244'))).toEqual([]);
    expect(s.downloaded.find((d) => d.accession === '0000320193-19-000032')).toEqual({ cik: 320193, accession: '0000320193-19-000032', form: '8-K', filedAt: '2019-03-04', file: 'edgar/320193/0000320193-19-000032.txt', bytes: 66912 });
    expect(fetchExitCode(s)).toBe(0);
  });

  it('by CIK (leading zeros or not, each issuer once), without the ticker list', async () => {
    const s = await runFetch(client(), request({ ciks: ['0000723533', '723533'] }));
    expect(s.downloaded.map((d) => d.file)).toEqual([
      'edgar/723533/0000723533-04-000001.txt',
      'edgar/723533/0001164150-07-000163.txt',
      'edgar/723533/0001213900-09-002194.txt',
    ]);
    expect(server.paths()).not.toContain('/files/company_tickers.json');
    expect(server.paths().filter((p) => p.startsWith('/submissions/'))).toEqual(['/submissions/CIK0000723533.json']);
  });

  it('--since/--until pick filing dates; a page outside them is not read', async () => {
    const s = await runFetch(client(), request({ tickers: ['aapl'], since: '2011-01-18', until: '2019-03-03' }));
    expect(s.downloaded.map((d) => d.accession)).toEqual(['0001193125-11-009392', '0001193125-15-410853']);
    expect(server.paths()).not.toContain('/submissions/CIK0000320193-submissions-001.json');
    expect(s.notes).toEqual([expect.stringMatching(/page CIK0000320193-submissions-001.json \(1996-12-24 to 2000-01-24\) is outside the dates asked/)]);
    const old = await runFetch(client(), request({ ciks: ['320193'], until: '1999-12-31' }));
    expect(old.downloaded.map((d) => d.accession)).toEqual(['0000320193-96-000027', '0000320193-99-000010']);
  });

  it('--forms: only the forms asked (a form the server lacks is a 404 failure)', async () => {
    const s = await runFetch(client(), request({ ciks: ['320193'], forms: ['10-Q'], since: '2019-01-01' }));
    expect(s.listed).toBe(1);
    expect(s.downloaded).toEqual([]);
    expect(s.failed).toEqual([{ what: 'filing 0000320193-19-000010', reason: expect.stringMatching(/filing 0000320193-19-000010 \(10-Q of CIK 320193, 2019-01-30\): http:\/\/127\.0\.0\.1:\d+\/Archives\/edgar\/data\/320193\/0000320193-19-000010\.txt answered 404/) }]);
    expect(fetchExitCode(s)).toBe(3);
  });
});

describe('fetch by daily index', () => {
  it('one day: the 8-Ks and 6-Ks of the index, at the path it gives', async () => {
    const s = await runFetch(client(), request({ days: ['2004-01-08'] }));
    expect(server.paths()).toEqual(['/Archives/edgar/daily-index/2004/QTR1/form.20040108.idx', '/Archives/edgar/data/723533/0000723533-04-000001.txt']);
    expect(s.downloaded.map((d) => d.file)).toEqual(['edgar/723533/0000723533-04-000001.txt']);
    same('edgar/723533/0000723533-04-000001.txt', '0000723533-04-000001');
  });

  it('a range does each day in turn: weekends skipped, a day without an index noted', async () => {
    const days = ['2004-07-14', '2004-07-15', '2004-07-16', '2004-07-17', '2004-07-18', '2004-07-19', '2004-07-20', '2004-07-21', '2004-07-22'];
    const s = await runFetch(client(), request({ days }));
    expect(s.failed).toEqual([]);
    expect(s.downloaded.map((d) => d.file)).toEqual(['edgar/319256/0000891092-04-003383.txt', 'edgar/320193/0001104659-04-019574.txt']);
    const indexes = server.paths().filter((p) => p.includes('daily-index'));
    expect(indexes.map((p) => p.slice(-12, -4))).toEqual(['20040714', '20040715', '20040716', '20040719', '20040720', '20040721', '20040722']);
    expect(s.notes).toContain('2004-07-17 is a weekend day: EDGAR publishes no daily index');
    expect(s.notes).toContain('2004-07-15: no daily index (a holiday, or not published yet)');
    expect(fetchExitCode(s)).toBe(0);
  });

  it('--forms picks other rows of the index', async () => {
    const s = await runFetch(client(), request({ days: ['2004-01-08'], forms: ['SC 13G', '4'] }));
    expect(s.listed).toBe(2);
    expect(server.paths()).toContain('/Archives/edgar/data/723533/0000950123-04-000310.txt');
    expect(server.paths()).not.toContain('/Archives/edgar/data/723533/0000723533-04-000001.txt');
  });
});

describe('fair access', () => {
  it('every request carries the user agent, and the rate stays under the limit', async () => {
    await runFetch(client({ rate: 4 }), request({ tickers: ['AAPL'] }));
    expect(server.requests.length).toBe(9);
    expect(new Set(server.requests.map((r) => r.userAgent))).toEqual(new Set([UA]));
    expect(new Set(server.requests.map((r) => r.host))).toEqual(new Set([new URL(server.url).host]));
    const at = server.requests.map((r) => r.at);
    // started 250 ms apart; arrival times at the server jitter a little under load
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(200);
    for (let i = 4; i < at.length; i++) expect(at[i]! - at[i - 4]!).toBeGreaterThanOrEqual(940);
    expect((at.length - 1) / ((at.at(-1)! - at[0]!) / 1000)).toBeLessThanOrEqual(4.05);
  });

  it('429 and 503 honour Retry-After, then the request succeeds', async () => {
    server.override('/submissions/CIK0000723533.json', failing(429, 1, { 'Retry-After': '1' }));
    server.override('/Archives/edgar/data/723533/0000723533-04-000001.txt', failing(503, 1, { 'Retry-After': '1' }));
    const retries: string[] = [];
    try {
      const s = await runFetch(client({ onRetry: (m) => retries.push(m) }), request({ ciks: ['723533'] }));
      expect(s.failed).toEqual([]);
      expect(s.downloaded).toHaveLength(3);
    } finally {
      server.override('/submissions/CIK0000723533.json', undefined);
      server.override('/Archives/edgar/data/723533/0000723533-04-000001.txt', undefined);
    }
    expect(retries).toEqual([expect.stringMatching(/answered 429 .*retrying in 1\.0 s \(Retry-After, attempt 2 of 5\)/), expect.stringMatching(/answered 503 .*retrying in 1\.0 s \(Retry-After/)]);
    const subs = server.requests.filter((r) => r.path === '/submissions/CIK0000723533.json');
    expect(subs).toHaveLength(2);
    expect(subs[1]!.at - subs[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it('without Retry-After it backs off exponentially, up to a bound of retries', async () => {
    server.override('/submissions/CIK0000723533.json', failing(503, 99));
    const retries: string[] = [];
    try {
      const s = await runFetch(client({ onRetry: (m) => retries.push(m), maxRetries: 3 }), request({ ciks: ['723533'] }));
      expect(s.failed).toEqual([{ what: 'the submissions of CIK 723533', reason: expect.stringMatching(/answered 503 \(Service Unavailable\); gave up after 4 attempts$/) }]);
      expect(fetchExitCode(s)).toBe(3);
    } finally {
      server.override('/submissions/CIK0000723533.json', undefined);
    }
    expect(retries.map((m) => /retrying in ([\d.]+) s \(backoff/.exec(m)?.[1])).toEqual(['0.0', '0.0', '0.1']);
    const at = server.requests.map((r) => r.at);
    expect(at[3]! - at[2]!).toBeGreaterThanOrEqual(75);
  });

  it('a Retry-After beyond the bound fails the request with a message to come back later', async () => {
    server.override('/submissions/CIK0000723533.json', failing(429, 99, { 'Retry-After': '3600' }));
    try {
      const s = await runFetch(client(), request({ ciks: ['723533'] }));
      expect(s.failed[0]!.reason).toMatch(/answered 429 .*EDGAR asked to retry after 3600 s, longer than the 60 s this fetch waits; run it again later/);
    } finally {
      server.override('/submissions/CIK0000723533.json', undefined);
    }
  });

  it('a 403 stops the fetch with a message about the user agent and rate', async () => {
    server.override('/Archives/edgar/data/723533/0001213900-09-002194.txt', (_q, res) => res.writeHead(403).end('<html>Forbidden</html>'));
    try {
      const s = await runFetch(client({}), { ...request({ ciks: ['723533'] }), concurrency: 1 });
      expect(s.stopped).toMatch(/answered 403 \(Forbidden: EDGAR refuses clients whose User-Agent does not name .* EDGAR_USER_AGENT=.* --rate at 10 or below/);
      expect(s.downloaded).toEqual([]); // the newest is asked first: nothing after the 403 is
      expect(server.paths().filter((p) => p.startsWith('/Archives'))).toHaveLength(1);
      expect(s.failed).toEqual([]);
      expect(fetchExitCode(s)).toBe(3);
    } finally {
      server.override('/Archives/edgar/data/723533/0001213900-09-002194.txt', undefined);
    }
  });
});

describe('safe and resumable', () => {
  const LORUS = '/Archives/edgar/data/723533/0001164150-07-000163.txt';
  it('a connection dropped mid-body is retried; the file is whole', async () => {
    server.override(LORUS, droppingMidBody(1));
    try {
      const s = await runFetch(client(), request({ ciks: ['723533'] }));
      expect(s.failed).toEqual([]);
      same('edgar/723533/0001164150-07-000163.txt', '0001164150-07-000163');
    } finally {
      server.override(LORUS, undefined);
    }
  });

  it('a connection that keeps dropping fails that filing alone and leaves no partial file', async () => {
    server.override(LORUS, droppingMidBody(99));
    try {
      const s = await runFetch(client({ maxRetries: 1 }), request({ ciks: ['723533'] }));
      expect(s.failed).toEqual([{ what: 'filing 0001164150-07-000163', reason: expect.stringMatching(/the connection closed after \d+ bytes of the answer .*; gave up after 2 attempts/) }]);
      expect(files()).toEqual(['edgar/723533/0000723533-04-000001.txt', 'edgar/723533/0001213900-09-002194.txt']);
      expect(fetchExitCode(s)).toBe(1);
    } finally {
      server.override(LORUS, undefined);
    }
  });

  it('a second run downloads only what is missing; a filing saved under another EDGAR name counts', async () => {
    mkdirSync(join(corpus, 'edgar-full-submissions'));
    writeFileSync(join(corpus, 'edgar-full-submissions', '723533-0000723533-04-000001.txt'), readFileSync(docs.get('0000723533-04-000001')!));
    const first = await runFetch(client(), request({ ciks: ['723533'], until: '2008-01-01' }));
    expect(first.downloaded.map((d) => d.accession)).toEqual(['0001164150-07-000163']);
    expect(first.present.map((d) => d.accession)).toEqual(['0000723533-04-000001']);
    // a leftover temporary file of a killed fetch is not a filing and is cleaned
    writeFileSync(join(corpus, 'edgar/723533/.0001213900-09-002194.txt.999-dead.tmp'), 'partial');
    server.requests.length = 0;
    const second = await runFetch(client(), request({ ciks: ['723533'] }));
    expect(second.downloaded.map((d) => d.accession)).toEqual(['0001213900-09-002194']);
    expect(second.present).toHaveLength(2);
    expect(server.paths().filter((p) => p.startsWith('/Archives'))).toEqual(['/Archives/edgar/data/723533/0001213900-09-002194.txt']);
    expect(files().filter((f) => f.includes('.tmp'))).toEqual([]);
    const third = await runFetch(client(), request({ ciks: ['723533'] }));
    expect([third.downloaded.length, third.present.length, fetchExitCode(third)]).toEqual([0, 3, 0]);
  });

  it("a filing missing at the CIK level is found through its folder's index.json", async () => {
    const top = '/Archives/edgar/data/723533/0001213900-09-002194.txt';
    server.override(top, (_q, res) => res.writeHead(404).end('not here'));
    try {
      const s = await runFetch(client(), request({ ciks: ['723533'], since: '2009-01-01' }));
      expect(s.failed).toEqual([]);
      expect(server.paths().slice(-3)).toEqual([top, '/Archives/edgar/data/723533/000121390009002194/index.json', '/Archives/edgar/data/723533/000121390009002194/0001213900-09-002194.txt']);
      same('edgar/723533/0001213900-09-002194.txt', '0001213900-09-002194');
    } finally {
      server.override(top, undefined);
    }
  });
});

describe('bad input and bad answers: a clear message, and the rest continues', () => {
  it('an unknown ticker and a malformed CIK fail alone', async () => {
    const s = await runFetch(client(), request({ tickers: ['ZZZZQ', 'AAPL'], ciks: ['12-34'], since: '2019-01-01' }));
    expect(s.failed).toEqual([
      { what: '--cik 12-34', reason: expect.stringMatching(/--cik "12-34" is not a CIK/) },
      { what: '--ticker ZZZZQ', reason: expect.stringMatching(/ticker "ZZZZQ" is not in EDGAR's ticker list/) },
    ]);
    expect(s.downloaded.map((d) => d.accession)).toEqual(['0000320193-19-000032']);
    expect(fetchExitCode(s)).toBe(1);
  });

  it('malformed submissions JSON, a malformed page and a malformed daily index', async () => {
    server.override('/submissions/CIK0000723533.json', (_q, res) => res.writeHead(200).end('{"cik":"723533","filings":{"recent":{"accessionNumber":['));
    server.override('/submissions/CIK0000320193-submissions-001.json', (_q, res) => res.writeHead(200).end('<html><body>Service Unavailable</body></html>'));
    server.override('/Archives/edgar/daily-index/2004/QTR3/form.20040714.idx', (_q, res) => res.writeHead(200).end('Description: garbage\n'));
    try {
      const s = await runFetch(client(), request({ ciks: ['723533', '320193'], days: ['2004-07-14', '2004-07-22'], until: '2000-12-31' }));
      expect(s.failed.map((f) => f.reason)).toEqual([
        expect.stringMatching(/^the submissions of CIK 723533: http:\S+\/submissions\/CIK0000723533\.json is not valid JSON/),
        expect.stringMatching(/^the submissions page CIK0000320193-submissions-001\.json of CIK 320193: \S+ is an HTML or XML page, not JSON$/),
        expect.stringMatching(/^the daily index of 2004-07-14: \S+form\.20040714\.idx begins "Description: garbage", not a daily form index/),
      ]);
      expect(s.downloaded.map((d) => d.accession)).toEqual(['0000891092-04-003383']);
    } finally {
      for (const p of ['/submissions/CIK0000723533.json', '/submissions/CIK0000320193-submissions-001.json', '/Archives/edgar/daily-index/2004/QTR3/form.20040714.idx']) server.override(p, undefined);
    }
  });

  it('an HTML error page where a filing was expected is not saved', async () => {
    const path = '/Archives/edgar/data/723533/0000723533-04-000001.txt';
    server.override(path, (_q, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!DOCTYPE html><html><head><title>SEC.gov | Your Request Originates from an Undeclared Automated Tool</title></head></html>'));
    try {
      const s = await runFetch(client(), request({ days: ['2004-01-08'] }));
      expect(s.failed).toEqual([{ what: 'filing 0000723533-04-000001', reason: expect.stringMatching(/is an HTML page \("SEC.gov \| Your Request Originates from an Undeclared Automated Tool"\), not a full submission/) }]);
      expect(files()).toEqual([]);
    } finally {
      server.override(path, undefined);
    }
  });

  it('a response over 64 MB is refused, declared or streamed, and nothing is saved', async () => {
    const declared = '/Archives/edgar/data/723533/0000723533-04-000001.txt';
    const streamed = '/Archives/edgar/data/723533/0001164150-07-000163.txt';
    server.override(declared, (_q, res) => {
      res.writeHead(200, { 'Content-Length': String(65 * 2 ** 20) });
      res.write('<SEC-DOCUMENT>');
    });
    server.override(streamed, (_q, res) => {
      res.writeHead(200); // chunked, no length
      const chunk = Buffer.alloc(2 ** 20, 'x');
      let sent = 0;
      const more = () => {
        while (sent < 70 && res.write(chunk)) sent++;
        if (sent < 70) res.once('drain', more);
        else res.end();
      };
      res.on('close', () => (sent = 70));
      more();
    });
    try {
      const s = await runFetch(client(), request({ ciks: ['723533'] }));
      expect(s.failed.map((f) => f.reason).sort()).toEqual([
        expect.stringMatching(/0000723533-04-000001\.txt is larger than 64 MB, more than any filing this fetch accepts; skipped/),
        expect.stringMatching(/0001164150-07-000163\.txt is larger than 64 MB/),
      ]);
      expect(files()).toEqual(['edgar/723533/0001213900-09-002194.txt']);
      expect(existsSync(join(corpus, 'edgar/723533/0000723533-04-000001.txt'))).toBe(false);
    } finally {
      server.override(declared, undefined);
      server.override(streamed, undefined);
    }
  });
});
