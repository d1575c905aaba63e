import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { indexStatus } from '../reindex/index-status.js';
import type { Engine } from '../engine/engine.js';
import { openEngine } from '../engine/open-engine.js';
import { createApp } from '../web/create-app.js';
import { CONFIG_FLAGS, engineConfig, resolveConfig, type Config } from './config.js';
import { parseCount } from './parse-count.js';
import { isServeWorker, runPrimary, workerListening, workerReady, workerStopping } from './serve-cluster.js';

const HELP = `Usage: npm start -- [--corpus DIR] [--index DIR] [--port N] [--public-url URL] [--workers N]
                 [--engine memory|postgres] [--database-url URL] [--replica-url URL]

Serve the search page and JSON API. Builds the index first when it is missing, of another
version, or older than the corpus (progress on stderr; /healthz answers 503 meanwhile).
A reindex run while the server is up is picked up without a restart (also on SIGHUP).

  --corpus DIR   corpus folder (env CORPUS_DIR, default corpus/)
  --index DIR    index folder (env INDEX_DIR, default index/)
  --port N       port (env PORT, default 3000; 0 picks a free one)
  --workers N    N server processes behind the port, each with the index loaded, a dead one
                 restarted (default: the number of cores; 1: this process alone)
  --public-url U the public base URL for absolute links (env PUBLIC_URL); set it behind a
                 proxy, so no link is built from a request's Host header
  --engine E     memory (default: the index folder, built first when stale) or postgres
                 (env ENGINE): serve the index in PostgreSQL, built by
                 \`npm run reindex -- --engine postgres\`; several servers may share it, and
                 each sees a reindex within two seconds
  --database-url U  the PostgreSQL connection string (env DATABASE_URL)
  --replica-url U   a streaming replica of that database (env REPLICA_URL): searches and reads
                 go to it, commits are followed on the primary, and /healthz reports the
                 replica's lag (still 200: a lagging node keeps answering)
  LOG_LEVEL      env: fatal, error, warn, info (default), debug, trace, silent
`;

/**
 * Open the postgres engine, retrying with backoff (1 s doubling to 30 s) while the database
 * cannot be reached or holds no index: the server keeps answering, /healthz 503 with the reason.
 */
async function openWithRetry(config: Config, logger: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void }, failed: (reason: string | undefined) => void): Promise<Engine> {
  let delay = 1000;
  for (;;) {
    try {
      const engine = await openEngine(engineConfig(config, { watch: true, logger }));
      failed(undefined);
      return engine;
    } catch (err) {
      const reason = (err as Error).message;
      failed(reason);
      logger.warn({ reason, retryInMs: delay }, 'index not loaded; retrying');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 30_000);
    }
  }
}

/** Build the index in a child process (the same reindex command), so this one keeps answering. */
function buildIndex(config: Config, reason: string): Promise<number> {
  process.stderr.write(`serve: building the index (${reason})\n`);
  const script = fileURLToPath(new URL('./reindex.js', import.meta.url));
  const child = spawn(process.execPath, [script, '--corpus', config.corpusDir, '--index', config.indexDir, '--wait', '120'], {
    // The child's summary goes to our stderr: stdout is for the server's log.
    stdio: ['ignore', 2, 2],
  });
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 3 : 0)));
    child.on('error', () => resolve(3));
  });
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: process.argv.slice(2), options: { ...CONFIG_FLAGS, workers: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    process.stderr.write(`serve: ${(err as Error).message}\nRun with --help for usage.\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  let config: Config;
  let workers: number;
  try {
    config = resolveConfig(values, process.env, process.cwd());
    workers = parseCount(values.workers, '--workers');
  } catch (err) {
    process.stderr.write(`serve: ${(err as Error).message}\n`);
    return 2;
  }
  const clustered = isServeWorker();
  // a server on postgres only reads: reindex builds the database's index, never the server
  const build = config.engine === 'postgres' ? async () => undefined : () => buildIfStale(config);
  if (!clustered && workers > 1) return runPrimary(workers, build, (line) => process.stderr.write(`${line}\n`));
  const logger = pino({ level: config.logLevel });
  let engine: Engine | undefined;
  let loadError: string | undefined;
  const app = createApp({ getEngine: () => engine, loadError: () => loadError, logger, publicUrl: config.publicUrl, indexDir: config.indexDir });
  const server = app.listen(config.port);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  }).catch((err: NodeJS.ErrnoException) => {
    process.stderr.write(`serve: cannot listen on port ${config.port} (${err.code ?? err.message}); pass --port N or set PORT\n`);
    process.exit(3);
  });
  const { port } = server.address() as AddressInfo;
  if (clustered) await workerListening(server, port);
  else {
    process.stderr.write(`serve: listening on http://localhost:${port}\n`);
    await build();
  }
  let serving: Engine;
  if (config.engine === 'postgres') serving = await openWithRetry(config, logger, (reason) => (loadError = reason));
  else {
    try {
      serving = await openEngine({ backend: 'memory', indexDir: config.indexDir, watch: true, logger });
    } catch (err) {
      process.stderr.write(`serve: no index could be loaded from ${config.indexDir} (${(err as Error).message}); fix the errors above and run \`npm run reindex -- --full\`\n`);
      server.close();
      return 3;
    }
  }
  engine = serving;
  if (clustered) workerReady(serving.stats().releases);
  else process.stderr.write(`serve: ready at http://localhost:${port} (${serving.stats().releases} releases${config.engine === 'postgres' ? ', postgres' : ''})\n`);
  process.on('SIGHUP', () => void serving.refresh().catch(() => undefined));
  const stop = () => {
    server.close();
    void serving.close();
    server.closeAllConnections();
    if (clustered) workerStopping();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 0;
}

/** Build the index first when it is missing, of another version, or older than the corpus. */
async function buildIfStale(config: Config): Promise<void> {
  let status;
  try {
    status = indexStatus(config.indexDir, config.corpusDir);
  } catch (err) {
    // no corpus folder: serve whatever index there is
    process.stderr.write(`serve: cannot read the corpus folder ${config.corpusDir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); pass --corpus DIR\n`);
    status = { fresh: true as const };
  }
  if (!status.fresh) {
    const code = await buildIndex(config, status.reason);
    if (code > 1) process.stderr.write(`serve: building the index failed (exit ${code}); serving the previous index if there is one\n`);
  }
}

const code = await main();
if (code !== 0) process.exitCode = code;
