import { parseArgs } from 'node:util';
import type { Engine } from '../engine/engine.js';
import { openEngine } from '../engine/open-engine.js';
import { addWatch, checkName, checkWatches, currentMatches, formatReports, newSince, readWatches, removeWatch, WatchError, writeWatches } from '../watch/watches.js';
import { CONFIG_FLAGS, resolveConfig, UsageError, type Config } from './config.js';

const HELP = `Usage: npm run -s watch -- [--index DIR] [--public-url URL] add NAME "QUERY"
       npm run -s watch -- list | remove NAME | check [--json]

Saved searches, kept in watches.json in the index folder (a reindex, --full too, keeps it).
  add NAME "QUERY"  save a query (filters as in the search box: company:, year:, from:, …);
                    what it matches now counts as seen
  list              the saved searches, with how many releases are new since the last check
  remove NAME       forget one
  check [--json]    per saved search, the releases new since the last check (title, date,
                    issuer, link), then remember them as seen; --json prints one object
NAME: letters, digits, - and _. Links use --public-url or PUBLIC_URL (else http://localhost:PORT).
Exit codes: 0 done, 2 usage (bad, duplicate or unknown name), 3 no usable index.
`;

function origin(config: Config): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}

/** Run the watch command; returns the exit code. */
export async function main(argv: string[], env: Record<string, string | undefined>, cwd: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...CONFIG_FLAGS, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    process.stderr.write(`watch: ${(err as Error).message}\nRun with --help for usage.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const [action, ...rest] = positionals;
  let config: Config;
  try {
    config = resolveConfig(values, env, cwd);
    if (action === 'add' && rest.length < 2) throw new UsageError('add takes a name and a query: watch add gti "GTI-2040"');
    if (action === 'remove' && rest.length !== 1) throw new UsageError('remove takes one name: watch remove gti');
    if (action === 'add' || action === 'remove') checkName(rest[0]!);
    if (!['add', 'list', 'remove', 'check'].includes(action ?? '')) throw new UsageError(`say what to do: add, list, remove or check${action ? ` (got ${JSON.stringify(action)})` : ''}`);
  } catch (err) {
    if (!(err instanceof UsageError) && !(err instanceof WatchError)) throw err;
    process.stderr.write(`watch: ${err.message}\nRun with --help for usage.\n`);
    return 2;
  }
  const watches = readWatches(config.indexDir);
  if (action === 'remove') {
    try {
      writeWatches(config.indexDir, removeWatch(watches, rest[0]!));
    } catch (err) {
      if (!(err instanceof WatchError)) throw err;
      process.stderr.write(`watch: ${err.message}\n`);
      return 2;
    }
    process.stdout.write(`removed ${rest[0]}\n`);
    return 0;
  }
  if (action === 'add' && watches.some((w) => w.name === rest[0])) {
    process.stderr.write(`watch: a saved search named ${rest[0]} exists already (remove it first, or pick another name)\n`);
    return 2;
  }
  let engine: Engine;
  try {
    engine = await openEngine({ backend: 'memory', indexDir: config.indexDir });
  } catch (err) {
    process.stderr.write(`watch: ${(err as Error).message}\n`);
    return 3;
  }
  try {
    const now = new Date().toISOString();
    if (action === 'add') {
      const q = rest.slice(1).join(' ');
      const seen = await currentMatches(engine, q);
      try {
        writeWatches(config.indexDir, addWatch(watches, rest[0]!, q, seen, now));
      } catch (err) {
        if (!(err instanceof WatchError)) throw err;
        process.stderr.write(`watch: ${err.message}\n`);
        return 2;
      }
      process.stdout.write(`saved ${rest[0]}: ${q} (${seen.length} releases match now; watch check reports those added later)\n`);
      return 0;
    }
    if (action === 'list') {
      if (watches.length === 0) process.stdout.write('no saved searches (watch add NAME "QUERY" saves one)\n');
      for (const w of watches) {
        const fresh = newSince(w.seen, await currentMatches(engine, w.q)).length;
        process.stdout.write(`${w.name}\t${w.q}\t${fresh} new since ${w.checkedAt.slice(0, 16).replace('T', ' ')}\n`);
      }
      return 0;
    }
    const { reports, updated } = await checkWatches(engine, watches, { origin: origin(config), now });
    // re-read: a watch added or removed meanwhile is kept as it is
    const byName = new Map(updated.map((w) => [w.name, w]));
    writeWatches(config.indexDir, readWatches(config.indexDir).map((w) => byName.get(w.name) ?? w));
    process.stdout.write(values.json ? `${JSON.stringify({ checkedAt: now, generation: engine.stats().generation, watches: reports })}\n` : formatReports(reports));
    return 0;
  } finally {
    await engine.close();
  }
}

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
process.exitCode = await main(process.argv.slice(2), process.env, process.cwd());
