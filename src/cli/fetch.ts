import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EdgarClient, MAX_RATE } from '../edgar/edgar-client.js';
import { DateInputError, parseDailyDays, parseRange, todayUtc } from '../edgar/dates.js';
import { removeTempFiles } from '../edgar/download.js';
import { UserAgentError } from '../edgar/errors.js';
import { createFetchProgress, formatFetchSummary } from '../edgar/fetch-progress.js';
import { FormsInputError, parseForms } from '../edgar/plan.js';
import { fetchExitCode, runFetch, type FetchSummary } from '../edgar/run-fetch.js';
import { createDefaultIngester } from '../reindex/default-ingester.js';
import { NothingIndexedError, reindex, type ReindexSummary } from '../reindex/reindex.js';
import { IndexLockedError } from '../store/store-errors.js';
import { CONFIG_FLAGS, resolveConfig, UsageError } from './config.js';
import { createProgressReporter, formatSummary } from './progress-reporter.js';
import { cores } from './parse-count.js';

const HELP = `Usage: npm run fetch -- (--ticker T | --cik N)… [--forms 8-K,6-K] [--since YYYY-MM-DD] [--until YYYY-MM-DD] [options]
       npm run fetch -- --daily YYYY-MM-DD[..YYYY-MM-DD] [--forms 8-K,6-K] [options]

Download filings from SEC EDGAR into the corpus, as full submission text files saved under
EDGAR's names: CORPUS/edgar/<cik>/<accession>.txt. Filings already in the corpus (any file
named <accession>.txt or <cik>-<accession>.txt) are not downloaded again, so a second run
fetches only what is missing.

What to fetch:
  --ticker T     an issuer by ticker (EDGAR's company_tickers.json); repeatable, or T1,T2
  --cik N        an issuer by CIK (1 to 10 digits); repeatable, or N1,N2
                 (each issuer's submissions, older history pages included)
  --since DATE   only filings filed on or after DATE (YYYY-MM-DD)
  --until DATE   only filings filed on or before DATE
  --daily DAY    every filing of the forms asked in the daily form index of DAY; a range
                 FROM..TO does each day in turn (weekends skipped); repeatable
  --forms LIST   form types, comma-separated (default 8-K,6-K; amendments are 8-K/A, 6-K/A)

Options:
  --corpus DIR   corpus folder (env CORPUS_DIR, default corpus/)
  --index DIR    index folder for --reindex (env INDEX_DIR, default index/)
  --reindex      index the corpus when the downloads are done (a running server swaps it in)
  --rate N       requests per second, at most ${MAX_RATE} (EDGAR's limit; default 5)
  --retries N    retries of a 429, 5xx or dropped connection (default 4; Retry-After honoured,
                 else exponential backoff from 1 s)
  --json         print the summary as JSON on stdout
  -h, --help     this text

Environment:
  EDGAR_USER_AGENT  required: who you are, "Name email@example.com" (EDGAR's fair-access rule)
  EDGAR_BASE_URL    send every request to this server instead of www.sec.gov and data.sec.gov
                    (a mirror, a proxy)

Each file is written to a temporary name and renamed, so an interrupted fetch never leaves a
partial filing. Progress goes to stderr (a bar on a terminal, plain lines otherwise); the
summary (listed, downloaded, already present, failed with reasons) to stdout.

Exit codes:
  0  success (also when nothing was new)
  1  some filings or listings failed (the rest was fetched)
  2  usage error (bad flag, date, rate, or EDGAR_USER_AGENT unset)
  3  nothing could be fetched (EDGAR refused us with 403, or every item failed), or the
     --reindex could not write the index
`;

const list = (values: string[] | undefined) => (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');

function numberFlag(raw: string | undefined, name: string, fallback: number, ok: (n: number) => boolean, want: string): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !ok(n)) throw new UsageError(`--${name} must be ${want}, got ${JSON.stringify(raw)}`);
  return n;
}

/** Run the fetch command; returns the exit code. */
export async function main(argv: string[], env: Record<string, string | undefined>, cwd: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        ...CONFIG_FLAGS,
        ticker: { type: 'string', multiple: true },
        cik: { type: 'string', multiple: true },
        daily: { type: 'string', multiple: true },
        forms: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        rate: { type: 'string' },
        retries: { type: 'string' },
        reindex: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`fetch: ${(err as Error).message}\nRun with --help for usage.\n`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  let client: EdgarClient;
  let request;
  let config;
  const progress = createFetchProgress(process.stderr);
  try {
    config = resolveConfig(values, env, cwd);
    const today = todayUtc();
    const tickers = list(values.ticker);
    const ciks = list(values.cik);
    const days = parseDailyDays(values.daily ?? [], today);
    if (tickers.length + ciks.length === 0 && (values.daily ?? []).length === 0) throw new UsageError('say what to fetch: --ticker T, --cik N or --daily YYYY-MM-DD');
    if (tickers.length + ciks.length === 0 && (values.since !== undefined || values.until !== undefined)) {
      throw new UsageError('--since and --until select the filings of --ticker or --cik; --daily takes its own days (FROM..TO)');
    }
    const range = parseRange(values.since, values.until, today);
    const forms = parseForms(values.forms);
    const rate = numberFlag(values.rate, 'rate', 5, (n) => n > 0 && n <= MAX_RATE, `a number of requests per second above 0 and at most ${MAX_RATE} (EDGAR's limit)`);
    const retries = numberFlag(values.retries, 'retries', 4, (n) => Number.isInteger(n) && n >= 0 && n <= 10, 'a whole number from 0 to 10');
    if (!existsSync(config.corpusDir)) throw new UsageError(`corpus folder ${config.corpusDir} does not exist (create it, or pass --corpus DIR)`);
    try {
      client = new EdgarClient({ userAgent: env.EDGAR_USER_AGENT, baseUrl: env.EDGAR_BASE_URL, rate, maxRetries: retries, onRetry: (m) => progress.warn(m) });
    } catch (err) {
      if (err instanceof TypeError) throw new UsageError(err.message);
      throw err;
    }
    request = { tickers, ciks, days, forms, ...range, corpusDir: config.corpusDir };
  } catch (err) {
    if (err instanceof UsageError || err instanceof DateInputError || err instanceof FormsInputError || err instanceof UserAgentError) {
      process.stderr.write(`fetch: ${err.message}\nRun with --help for usage.\n`);
      return 2;
    }
    throw err;
  }

  const onSignal = (signal: NodeJS.Signals) => {
    removeTempFiles();
    progress.stop();
    process.stderr.write(`fetch: interrupted (${signal}); the filings downloaded so far are in the corpus, none partial\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const summary: FetchSummary = await runFetch(client, request, progress);
  progress.stop();
  if (summary.stopped) process.stderr.write(`fetch: stopped: ${summary.stopped}\n`);
  let code = fetchExitCode(summary);

  let reindexed: ReindexSummary | undefined;
  if (values.reindex) {
    const rp = createProgressReporter(process.stderr);
    try {
      reindexed = await reindex({ corpusDir: config.corpusDir, indexDir: config.indexDir, progress: rp, jobs: cores() }, await createDefaultIngester());
      if (reindexed.files.failed.length > 0) code = Math.max(code, 1);
    } catch (err) {
      if (!(err instanceof IndexLockedError || err instanceof NothingIndexedError || isWriteError(err))) throw err;
      process.stderr.write(`fetch: --reindex: ${(err as Error).message}; the filings are in the corpus, run npm run reindex later\n`);
      code = 3;
    } finally {
      rp.stop();
    }
  }
  process.stdout.write(values.json ? `${JSON.stringify({ ...summary, ...(reindexed ? { reindex: reindexed } : {}) })}\n` : formatFetchSummary(summary, config.corpusDir) + (reindexed ? formatSummary(reindexed) : ''));
  return code;
}

function isWriteError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EROFS' || code === 'ENOSPC' || code === 'EPERM' || code === 'EDQUOT';
}

process.exitCode = await main(process.argv.slice(2), process.env, process.cwd());
