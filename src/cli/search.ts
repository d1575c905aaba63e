import { parseArgs } from 'node:util';
import { ORDERS, type Order } from '../engine/engine.js';
import { openEngine } from '../engine/open-engine.js';
import { toApiResponse } from '../web/api-response.js';
import { search } from '../search/search.js';
import { EXPORT_FORMATS, exportPages, type ExportFormat } from '../search/export.js';
import { exportChunks } from '../search/export-write.js';
import { MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, PAGE_SIZES } from '../search/limits.js';
import type { TextRun } from '../search/search-types.js';
import { engineConfig, resolveConfig, UsageError, type Config } from './config.js';

const HELP = `Usage: npm run -s search -- [--json] [--index DIR] [--page N] [--size N] [--sort relevance|date|date-asc] "QUERY"
       npm run -s search -- --all --format csv|ndjson|json [--bom] [--sort S] "QUERY" > out.csv

Search the index on disk and print the results: title, date, company and a snippet with the
matched words in [brackets]. With --json, print the same object as GET /api/search.
The query language is the search page's: "exact phrase", -exclude, OR, prefix*, company:,
ticker:, from:YYYY-MM-DD, to:YYYY-MM-DD, year:YYYY.

  --index DIR   the index folder (default index/, or INDEX_DIR)
  --engine E    memory (default) or postgres (ENGINE); --database-url URL (DATABASE_URL);
                --replica-url URL (REPLICA_URL): search a streaming replica of that database
  --json        machine-readable output
  --page N      page of results, from 1 (default 1)
  --size N      results per page, 1 to 50 (default 10)
  --sort S      relevance (default), date (newest first) or date-asc
  --all         every match (at most 100,000), written as --format csv (default), ndjson or
                json: the columns of GET /api/export; --bom starts a CSV with a byte-order mark
`;


function intFlag(raw: string | undefined, name: string, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

const plain = (runs: TextRun[]) => runs.map((r) => (r.hit ? `[${r.text}]` : r.text)).join('');

/** Run the search command; returns the exit code (0 results or none, 2 usage, 3 no usable index). */
export async function main(argv: string[], env: Record<string, string | undefined>, cwd: string): Promise<number> {
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { index: { type: 'string' }, engine: { type: 'string' }, 'database-url': { type: 'string' }, 'replica-url': { type: 'string' }, all: { type: 'boolean' }, format: { type: 'string' }, bom: { type: 'boolean' }, 'public-url': { type: 'string' }, json: { type: 'boolean' }, page: { type: 'string' }, size: { type: 'string' }, sort: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    process.stderr.write(`search: ${(err as Error).message}\nRun with --help for usage.\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  let request: import("../search/search-types.js").SearchRequest;
  let config: Config;
  let origin = '';
  let format: ExportFormat | undefined;
  try {
    const q = positionals.join(' ').trim();
    if (!q) throw new UsageError('give a query, e.g. npm run -s search -- "GTI-2040"');
    if (q.length > MAX_QUERY_LENGTH) throw new UsageError(`the query is ${q.length} characters long; the limit is ${MAX_QUERY_LENGTH}`);
    const sort = values.sort ?? 'relevance';
    if (!ORDERS.includes(sort as Order)) throw new UsageError(`--sort must be one of ${ORDERS.join(', ')}, got ${JSON.stringify(sort)}`);
    request = { q, page: intFlag(values.page, 'page', 1, MAX_PAGE), size: intFlag(values.size, 'size', PAGE_SIZES[0], MAX_PAGE_SIZE), sort: sort as Order };
    config = resolveConfig({ index: values.index, 'public-url': values['public-url'], engine: values.engine, 'database-url': values['database-url'], 'replica-url': values['replica-url'] }, env, cwd);
    origin = config.publicUrl ?? '';
    if (values.format !== undefined && !values.all) throw new UsageError('--format goes with --all (every match)');
    if (values.all) format = EXPORT_FORMATS.find((f) => f === (values.format ?? 'csv'));
    if (values.all && !format) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(values.format)}`);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`search: ${err.message}\n`);
    return 2;
  }
  let engine;
  try {
    engine = await openEngine(engineConfig(config));
  } catch (err) {
    process.stderr.write(`search: ${(err as Error).message}\n`);
    return 3;
  }
  try {
    if (format) {
      const pages = exportPages(engine, request, { origin });
      for await (const chunk of exportChunks(format, pages, { bom: values.bom === true, request })) {
        if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
      }
      return 0;
    }
    const out = await search(engine, request);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(toApiResponse(out), null, 2)}\n`);
      return 0;
    }
    for (const m of out.messages) process.stdout.write(`note: ${m}\n`);
    if (out.didYouMean && out.corrected) process.stdout.write(`no results for ${request.q}; showing results for: ${out.didYouMean}\n`);
    else if (out.didYouMean) process.stdout.write(`did you mean: ${out.didYouMean}\n`);
    const first = (out.page - 1) * out.size + 1;
    process.stdout.write(`${out.total} releases · ${out.tookMs} ms${out.total ? ` · showing ${first}–${first + out.results.length - 1}` : ''}\n`);
    out.results.forEach((h, i) => {
      process.stdout.write(`\n${first + i}. ${plain(h.titleRuns)}\n   ${[h.date, h.company, h.tickers.join(' ')].filter(Boolean).join(' · ')} · id ${h.id}\n   ${plain(h.snippetRuns)}\n`);
    });
    return 0;
  } finally {
    await engine.close();
  }
}

// `… | head` closes the pipe early: that is not an error
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
process.exitCode = await main(process.argv.slice(2), process.env, process.cwd());
