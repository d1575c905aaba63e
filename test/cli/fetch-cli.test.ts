import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failing, fullSubmissions, startEdgarServer, type EdgarTestServer } from '../edgar/edgar-server.js';
import { buildCli } from './build-cli.js';
import { runCli, type CliResult } from './run-cli.js';

const UA = 'Press Release Search Tests tests@example.com';
let build: ReturnType<typeof buildCli>;
let server: EdgarTestServer;
let root: string;
let corpus: string;
let fetchScript: string;
const env = () => ({ EDGAR_USER_AGENT: UA, EDGAR_BASE_URL: server.url });
const fetchCli = (args: string[], extraEnv: Record<string, string> = {}) => runCli(fetchScript, ['--corpus', corpus, ...args], { ...env(), ...extraEnv });
const edgarFiles = (dir = join(corpus, 'edgar')) => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.txt') || f.endsWith('.tmp')).sort() : []);

beforeAll(async () => {
  build = buildCli('fetch-cli');
  fetchScript = join(build.dir, 'src', 'cli', 'fetch.js');
  server = await startEdgarServer();
  root = mkdtempSync(join(tmpdir(), 'fetch-cli-'));
});
afterAll(async () => {
  build?.clean();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  corpus = join(root, `corpus-${Math.random().toString(36).slice(2)}`);
  mkdirSync(corpus);
  server.requests.length = 0;
});

describe('npm run fetch', () => {
  it('--help documents the options, the environment and the exit codes', async () => {
    const r = await runCli(fetchScript, ['--help']);
    expect(r.code).toBe(0);
    for (const s of ['--ticker', '--cik', '--forms', '--since', '--until', '--daily', 'FROM..TO', '--reindex', '--rate', '--json', 'EDGAR_USER_AGENT', 'EDGAR_BASE_URL', 'Exit codes', '  3  ']) expect(r.stdout).toContain(s);
  });

  it('refuses to run without EDGAR_USER_AGENT, naming it, and asks EDGAR nothing', async () => {
    const r = await runCli(fetchScript, ['--corpus', corpus, '--ticker', 'AAPL'], { EDGAR_BASE_URL: server.url, EDGAR_USER_AGENT: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^fetch: EDGAR_USER_AGENT is not set: .* EDGAR_USER_AGENT="Jane Doe jane@example.com"/);
    const bad = await fetchCli(['--ticker', 'AAPL'], { EDGAR_USER_AGENT: 'python-requests/2.31' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/EDGAR_USER_AGENT must hold a name and an email address/);
    expect(server.requests).toEqual([]);
  });

  it('exits 2 on every bad command line, saying what to type', async () => {
    const cases: [string[], RegExp, Record<string, string>?][] = [
      [[], /say what to fetch: --ticker T, --cik N or --daily YYYY-MM-DD/],
      [['--ticker', 'AAPL', '--since', '2999-01-01'], /--since 2999-01-01 is in the future \(today is \d{4}-\d\d-\d\d\)/],
      [['--ticker', 'AAPL', '--until', '2999-01-01'], /--until 2999-01-01 is in the future/],
      [['--ticker', 'AAPL', '--since', '2020-02-01', '--until', '2020-01-01'], /--since 2020-02-01 is after --until 2020-01-01: the range is reversed/],
      [['--ticker', 'AAPL', '--since', '2020-13-01'], /--since must be a date written YYYY-MM-DD/],
      [['--daily', '2004-07-22..2004-07-14'], /--daily 2004-07-22\.\.2004-07-14 is a reversed range/],
      [['--daily', '2999-01-01'], /--daily 2999-01-01 is in the future/],
      [['--daily', '2004-01-08', '--since', '2004-01-01'], /--since and --until select the filings of --ticker or --cik/],
      [['--ticker', 'AAPL', '--rate', '11'], /--rate must be a number of requests per second above 0 and at most 10/],
      [['--ticker', 'AAPL', '--rate', 'fast'], /--rate must be/],
      [['--ticker', 'AAPL', '--retries', '2.5'], /--retries must be a whole number from 0 to 10/],
      [['--ticker', 'AAPL', '--forms', '8-K,,6-K'], /--forms takes form types separated by commas/],
      [['--ticker', 'AAPL', '--frobnicate'], /Unknown option '--frobnicate'/],
      [['--ticker', 'AAPL', '--corpus', join(root, 'no-such-corpus')], /corpus folder .*no-such-corpus does not exist/],
      [['--ticker', 'AAPL'], /EDGAR_BASE_URL must be an http\(s\) URL/, { EDGAR_BASE_URL: 'ftp://mirror.example' }],
    ];
    const results = await Promise.all(cases.map(([args, , extra]) => fetchCli(args, extra)));
    for (const [i, [args, message]] of cases.entries()) {
      const r = results[i]!;
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain('Run with --help for usage.');
    }
    expect(server.requests).toEqual([]);
  });

  it('by ticker: plain progress lines on stderr, the summary on stdout; a second run downloads only what is missing', async () => {
    const first = await fetchCli(['--ticker', 'AAPL', '--since', '2011-01-01', '--rate', '10']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^fetch: AAPL \(CIK 320193, Apple Inc\.\): 3 filings of 8-K, 6-K filed 2011-01-01 to today\n/);
    expect(first.stderr).toMatch(/fetch: filing 3\/3 320193\/\S+\.txt · [\d.]+ MB so far\n/);
    expect(first.stdout).toMatch(/^filings listed: 3\ndownloaded: 3 \(0\.46 MB\) into .*\nalready present: 0\nfailed: 0\n/);
    expect(edgarFiles()).toEqual(['320193/0000320193-19-000032.txt', '320193/0001193125-11-009392.txt', '320193/0001193125-15-410853.txt']);
    expect(new Set(server.requests.map((r) => r.userAgent))).toEqual(new Set([UA]));
    server.requests.length = 0;
    const again = await fetchCli(['--ticker', 'AAPL', '--json']);
    expect(again.code).toBe(0);
    const s = JSON.parse(again.stdout) as { listed: number; downloaded: { file: string }[]; present: unknown[]; failed: unknown[] };
    expect([s.listed, s.present.length, s.failed.length]).toEqual([6, 3, 0]);
    expect(s.downloaded.map((d) => d.file)).toEqual(['edgar/320193/0000320193-96-000027.txt', 'edgar/320193/0000320193-99-000010.txt', 'edgar/320193/0000912057-00-002128.txt']);
    expect(server.paths().filter((p) => p.startsWith('/Archives')).sort()).toEqual(s.downloaded.map((d) => `/Archives/edgar/data/320193/${d.file.slice(-24)}`).sort());
  });

  it('--daily with a range, and a 503 with Retry-After waited out', async () => {
    server.override('/Archives/edgar/daily-index/2004/QTR3/form.20040722.idx', failing(503, 1, { 'Retry-After': '1' }));
    try {
      const r = await fetchCli(['--daily', '2004-07-14..2004-07-22']);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/fetch: .*form\.20040722\.idx answered 503 \(Service Unavailable\); retrying in 1\.0 s \(Retry-After, attempt 2 of 5\)/);
      expect(r.stdout).toMatch(/filings listed: 2\ndownloaded: 2 .*\n(.*\n)*note: 2004-07-17 is a weekend day/);
      expect(edgarFiles()).toEqual(['319256/0000891092-04-003383.txt', '320193/0001104659-04-019574.txt']);
    } finally {
      server.override('/Archives/edgar/daily-index/2004/QTR3/form.20040722.idx', undefined);
    }
  });

  it('exits 1 when some items fail (each named), 3 when nothing could be fetched', async () => {
    const some = await fetchCli(['--ticker', 'ZZZZQ', '--cik', '12x', '--cik', '723533', '--since', '2009-01-01']);
    expect(some.code).toBe(1);
    expect(some.stdout).toMatch(/downloaded: 1 .*\nalready present: 0\nfailed: 2\n  --cik "12x" is not a CIK: a CIK is 1 to 10 digits.*\n  ticker "ZZZZQ" is not in EDGAR's ticker list/);
    const none = await fetchCli(['--ticker', 'ZZZZQ']);
    expect(none.code).toBe(3);
    server.override('/files/company_tickers.json', (_q, res) => res.writeHead(403).end());
    try {
      const refused = await fetchCli(['--ticker', 'AAPL']);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toMatch(/fetch: stopped: the ticker list: \S+ answered 403 \(Forbidden: EDGAR refuses clients whose User-Agent/);
    } finally {
      server.override('/files/company_tickers.json', undefined);
    }
  });

  it('killed with -9 mid-download leaves no partial filing; the next run completes it', async () => {
    const path = '/Archives/edgar/data/320193/0000320193-19-000032.txt';
    const body = readFileSync(fullSubmissions().get('0000320193-19-000032')!);
    server.override(path, (_q, res) => {
      res.writeHead(200, { 'Content-Length': body.length });
      res.write(body.subarray(0, 30_000)); // and never the rest
    });
    const child = spawn(process.execPath, [fetchScript, '--corpus', corpus, '--cik', '320193', '--since', '2019-01-01'], { env: { ...process.env, ...env() }, stdio: 'ignore' });
    const gone = new Promise((r) => child.on('close', r));
    try {
      await expect.poll(() => server.paths().includes(path), { timeout: 10_000 }).toBe(true);
      await new Promise((r) => setTimeout(r, 100));
      child.kill('SIGKILL');
      await gone;
    } finally {
      server.override(path, undefined);
    }
    expect(edgarFiles()).toEqual([]);
    const r: CliResult = await fetchCli(['--cik', '320193', '--since', '2019-01-01']);
    expect(r.code).toBe(0);
    expect(edgarFiles()).toEqual(['320193/0000320193-19-000032.txt']);
    expect(readFileSync(join(corpus, 'edgar/320193/0000320193-19-000032.txt')).equals(body)).toBe(true);
  });

  it('--reindex indexes the new filings: search finds their releases', async () => {
    const index = join(root, `index-${Math.random().toString(36).slice(2)}`);
    const r = await fetchCli(['--ticker', 'AAPL', '--until', '2000-12-31', '--index', index, '--reindex']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/downloaded: 3 .*\n(.*\n)*full reindex .*\nfiles: 3 added, 0 changed, 0 removed, 0 unchanged, 0 failed\n/);
    expect(r.stderr).toMatch(/reindex: read 3 files/);
    const search = await runCli(build.script('search'), ['--index', index, '--json', 'shareholder derivative settlement']);
    expect(search.code).toBe(0);
    const found = JSON.parse(search.stdout) as { total: number; results: { title: string; sources: string[] }[] };
    expect(found.results[0]).toMatchObject({ title: 'Apple Reaches Settlement of Shareholder Derivative Action' });
    expect(JSON.stringify(found.results[0]!.sources)).toContain('edgar/320193/0000320193-99-000010.txt');
    // an unchanged corpus: nothing downloaded, the index as it was
    const again = await fetchCli(['--ticker', 'AAPL', '--until', '2000-12-31', '--index', index, '--reindex', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ downloaded: [], reindex: { mode: 'incremental', files: { unchanged: 3 } } });
  });
});
