import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { toCorpusPath, OutsideCorpusError } from '../reindex/corpus-files.js';
import { createDefaultIngester } from '../reindex/default-ingester.js';
import { IndexError, IndexLockedError } from '../store/store-errors.js';
import { NothingIndexedError, reindex, UnknownFileError, type ReindexSummary } from '../reindex/reindex.js';
import { formatVerifyReport, verifyIndex } from '../reindex/verify-index.js';
import { readManifest } from '../store/manifest.js';
import { openEngine } from '../engine/open-engine.js';
import { readWatches, savedSearchSection } from '../watch/watches.js';
import { CONFIG_FLAGS, engineConfig, resolveConfig, UsageError } from './config.js';
import { escapeControl } from './escape-name.js';
import { parseCount } from './parse-count.js';
import { createProgressReporter, formatSummary } from './progress-reporter.js';

const HELP = `Usage: npm run reindex -- [options] [FILE…]

Build or update the search index from the corpus. Incremental by default: only new and
changed files are read, releases of deleted files are removed, the rest is left as is.
A running server notices the new index and swaps it in without a restart.

Options:
  --corpus DIR   corpus folder (env CORPUS_DIR, default corpus/)
  --index DIR    index folder (env INDEX_DIR, default index/)
  --full         rebuild from scratch, ignoring the index and cached ingest results
  --dry-run      report what would change; write nothing
  --verify       check the index without rebuilding or changing it: every data file and
                 record (checksums), the engine file, the cleaning state; print what is
                 damaged; exit 3 if anything is, 0 if the index is sound
  --wait SEC     wait this long for another reindex to finish (default 10)
  --jobs N       read and clean N files at once, each in a worker process (default: the
                 number of cores; 1: all in this process); the index is the same for any N
  --pool KIND    process (default) or thread: run the workers as threads of this process
                 (one allocator for all: measured slower)
  --engine E     memory (default; the index folder) or postgres (env ENGINE): plan from and
                 commit to the database (the index folder keeps only the draft cache); the
                 first run creates the schema, --full replaces one of another version
  --database-url U  the PostgreSQL connection string (env DATABASE_URL)
  --json         print the summary as JSON on stdout
  -h, --help     this text
  FILE…          only (re)read these files (paths inside the corpus folder); a named file
                 that no longer exists has its releases removed

Every file under the corpus folder (any depth) is a filing, except README.md and dotfiles.
Progress goes to stderr (a bar on a terminal, plain lines otherwise); the summary to stdout.
An index of another format or tokenizer version, or a damaged one, is rebuilt from scratch.

Exit codes:
  0  success
  1  some files could not be read or ingested (the rest was indexed)
  2  usage error
  3  nothing could be indexed, the index folder is not writable, or another reindex holds the lock;
     with --verify: the index is damaged (or missing)
`;

/** Run the reindex command; returns the exit code. */
export async function main(argv: string[], env: Record<string, string | undefined>, cwd: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...CONFIG_FLAGS,
        full: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        verify: { type: 'boolean' },
        wait: { type: 'string' },
        jobs: { type: 'string' },
        pool: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`reindex: ${escapeControl((err as Error).message)}\nRun with --help for usage.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.verify) return verify(values, env, cwd);
  let summary: ReindexSummary;
  const progress = createProgressReporter(process.stderr);
  try {
    const config = resolveConfig(values, env, cwd);
    const waitSec = values.wait === undefined ? 10 : Number(values.wait);
    if (!Number.isFinite(waitSec) || waitSec < 0) throw new UsageError(`--wait must be a number of seconds, got ${JSON.stringify(values.wait)}`);
    if (!existsSync(config.corpusDir)) throw new UsageError(`corpus folder ${config.corpusDir} does not exist (pass --corpus DIR)`);
    const files = positionals.map((f) => toCorpusPath(config.corpusDir, f, cwd));
    const jobs = parseCount(values.jobs, '--jobs');
    const pool = values.pool ?? 'process';
    if (pool !== 'process' && pool !== 'thread') throw new UsageError(`--pool must be process or thread, got ${JSON.stringify(values.pool)}`);
    summary = await reindex(
      {
        corpusDir: config.corpusDir,
        indexDir: config.indexDir,
        full: values.full ?? false,
        dryRun: values['dry-run'] ?? false,
        ...(files.length > 0 ? { files } : {}),
        lockWaitMs: waitSec * 1000,
        progress,
        jobs,
        ...(config.engine === 'postgres' ? { database: () => openEngine(engineConfig(config, { writer: values.full ? 'replace' : 'if-missing' })) } : {}),
      },
      await createDefaultIngester(pool),
    );
  } catch (err) {
    progress.stop();
    if (err instanceof UsageError || err instanceof OutsideCorpusError || err instanceof UnknownFileError) {
      process.stderr.write(`reindex: ${escapeControl(err.message)}\nRun with --help for usage.\n`);
      return 2;
    }
    if (err instanceof IndexLockedError || err instanceof NothingIndexedError || err instanceof IndexError) {
      process.stderr.write(`reindex: ${escapeControl(err.message)}\n`);
      return 3;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EROFS' || code === 'ENOSPC' || code === 'EPERM' || code === 'EDQUOT') {
      process.stderr.write(`reindex: cannot write the index in ${values.index ?? env.INDEX_DIR ?? 'index/'} (${(err as Error).message}); the previous index is unchanged\n`);
      return 3;
    }
    throw err;
  }
  progress.stop();
  process.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
  if (!values.json && !values['dry-run']) await savedSearches(values, env, cwd);
  return summary.files.failed.length > 0 ? 1 : 0;
}

/** "New for your saved searches", when any are saved; a failure here never fails the reindex. */
async function savedSearches(values: Parameters<typeof resolveConfig>[0], env: Record<string, string | undefined>, cwd: string): Promise<void> {
  const config = resolveConfig(values, env, cwd);
  if (readWatches(config.indexDir).length === 0) return;
  try {
    const engine = await openEngine(engineConfig(config));
    try {
      process.stdout.write(await savedSearchSection(engine, config.indexDir, config.publicUrl ?? `http://localhost:${config.port}`));
    } finally {
      await engine.close();
    }
  } catch (err) {
    process.stderr.write(`reindex: the saved searches could not be checked (${(err as Error).message})\n`);
  }
}

/** `--verify`: check the index, print the report; 3 when anything is damaged. */
function verify(values: Parameters<typeof resolveConfig>[0] & { json?: boolean | undefined }, env: Record<string, string | undefined>, cwd: string): number {
  let indexDir: string;
  try {
    indexDir = resolveConfig(values, env, cwd).indexDir;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`reindex: ${escapeControl(err.message)}\nRun with --help for usage.\n`);
    return 2;
  }
  let report = verifyIndex(indexDir);
  // a reindex that replaced the generation meanwhile deletes the old files: check the new one
  if (report.damaged.length > 0 && report.generation !== undefined && generationOf(indexDir) !== report.generation) report = verifyIndex(indexDir);
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : formatVerifyReport(report));
  return report.damaged.length > 0 ? 3 : 0;
}

function generationOf(indexDir: string): string | undefined {
  try {
    return readManifest(indexDir).generation;
  } catch {
    return undefined;
  }
}

process.exitCode = await main(process.argv.slice(2), process.env, process.cwd());
