#!/usr/bin/env node
/**
 * `prsearch <command> …`: the entry of the npm scripts and of the package's bin. Rebuilds dist/
 * first when a source is newer than it (a few milliseconds when not), then runs the command
 * module, which reads its arguments from process.argv as when it is run on its own.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, pathsFrom } from './build-check.js';

interface Command {
  /** The compiled module, relative to this one; importing it runs the command. */
  module: string;
  about: string;
  /** Node options the command is meant to run with; `npx prsearch` restarts Node with them. */
  nodeFlags?: string[];
}

const COMMANDS: Record<string, Command> = {
  serve: { module: './serve.js', about: 'serve the search page and API (builds the index first when missing or stale)' },
  reindex: { module: './reindex.js', about: 'add new or changed filings to the index', nodeFlags: ['--max-semi-space-size=64'] },
  fetch: { module: './fetch.js', about: 'download filings from EDGAR into the corpus (--reindex to index them)', nodeFlags: ['--max-semi-space-size=64'] },
  search: { module: './search.js', about: 'search the index from the terminal' },
  watch: { module: './watch.js', about: 'saved searches: add, list, remove, check what is new' },
  inspect: { module: './inspect.js', about: 'what the ingester makes of filings, without indexing' },
  eval: { module: './eval.js', about: 'search quality on the judged queries (nDCG@10)' },
  db: { module: './db.js', about: 'start, stop or check a private PostgreSQL cluster in .pg/ (the postgres engine)' },
  bench: { module: '../../bench/run.js', about: 'speed, memory and index size (development)', nodeFlags: ['--expose-gc', '--max-semi-space-size=64', '--max-old-space-size=8192'] },
};

const HELP = `Usage: prsearch <command> [options]   (or npm start / npm run <command> -- [options])

${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.about}`)
  .join('\n')}

prsearch <command> --help documents each. dist/ is compiled again first when a file under
src/ or bench/ changed since the last build.
`;

/** Set by the restart below, so the child neither checks the build again nor restarts. */
const CHILD_MARK = 'PRSEARCH_CHILD';

function missingFlags(flags: string[]): string[] {
  const given = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)].map((g) => g.split('=')[0]!.replace(/_/g, '-'));
  return flags.filter((flag) => !given.includes(flag.split('=')[0]!));
}

/** Run this file again under Node with `flags`, passing signals on, and exit as it does. */
function restartWith(flags: string[], args: string[]): Promise<void> {
  const child = spawn(process.execPath, [...flags, ...process.execArgv, import.meta.filename, ...args], {
    stdio: 'inherit',
    env: { ...process.env, [CHILD_MARK]: '1' },
  });
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const s of signals) process.on(s, forward);
  return new Promise((resolve) => {
    child.on('error', (err) => {
      process.stderr.write(`prsearch: cannot start node: ${err.message}\n`);
      process.exitCode = 3;
      resolve();
    });
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      if (signal) process.kill(process.pid, signal);
      else process.exitCode = code ?? 1;
      resolve();
    });
  });
}

async function run(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    if (name === undefined) process.exitCode = 2;
    return;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`prsearch: unknown command ${JSON.stringify(name)}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  const child = process.env[CHILD_MARK] === '1';
  // from the sources (vitest, a TypeScript loader) there is nothing to build
  const paths = child || import.meta.filename.endsWith('.ts') ? undefined : pathsFrom(import.meta.dirname);
  if (paths) {
    const result = ensureBuilt(paths);
    if ('failed' in result) {
      process.stderr.write(`prsearch: the build failed (tsc exit ${result.code}); fix the errors above, then run the command again\n`);
      process.exitCode = 1;
      return;
    }
  }
  const missing = child ? [] : missingFlags(command.nodeFlags ?? []);
  if (missing.length) return restartWith(missing, argv);
  process.argv = [process.argv[0]!, fileURLToPath(new URL(command.module, import.meta.url)), ...args];
  await import(command.module);
}

await run(process.argv.slice(2));
